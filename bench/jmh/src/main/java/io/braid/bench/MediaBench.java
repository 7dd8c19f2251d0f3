package io.braid.bench;

import io.braid.media.AudioFrame;
import io.braid.media.MediaSink;
import io.braid.media.VideoFrame;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.flv.FlvDemuxer;
import io.braid.media.flv.FlvReader;
import io.braid.media.h264.AvcConfig;
import io.braid.media.hls.HlsSegment;
import io.braid.media.hls.MediaPlaylist;
import io.braid.media.ts.TsMuxer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The origin's per-stream media path on 10 s of a real 720p publish: FLV tags to frames (H.264 AVCC and AAC parsed),
 * frames to MPEG-TS, and a live playlist of six segments rendered. One operation is the whole 10 s (or one
 * playlist); divide by 10 for the cost per second of a live stream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MediaBench {
    /** Keeps what it is given, so the JIT cannot drop the work that made it. */
    static final class Frames implements MediaSink {
        AvcConfig video;
        AudioSpecificConfig audio;
        final List<VideoFrame> videoFrames = new ArrayList<>();
        final List<AudioFrame> audioFrames = new ArrayList<>();

        @Override
        public void videoConfig(AvcConfig config) {
            video = config;
        }

        @Override
        public void audioConfig(AudioSpecificConfig config) {
            audio = config;
        }

        @Override
        public void video(VideoFrame frame) {
            videoFrames.add(frame);
        }

        @Override
        public void audio(AudioFrame frame) {
            audioFrames.add(frame);
        }
    }

    private List<FlvReader.Tag> tags;
    private Frames frames;
    private List<HlsSegment> segments;

    @Setup
    public void setUp() throws Exception {
        tags = Samples.tags();
        frames = demux();
        segments = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            segments.add(new HlsSegment(1000 + i, "stream" + (1000 + i) + ".ts", io.braid.media.ChunkedBytes.EMPTY, 2.0, 1_764_000_000_000L + i * 2000L, false));
        }
    }

    @Benchmark
    public Frames flvToFrames() {
        return demux();
    }

    private Frames demux() {
        Frames sink = new Frames();
        FlvDemuxer demuxer = new FlvDemuxer(sink);
        for (FlvReader.Tag t : tags) {
            if (t.type() == FlvReader.VIDEO) {
                demuxer.video(t.timestampMs(), t.body());
            } else if (t.type() == FlvReader.AUDIO) {
                demuxer.audio(t.timestampMs(), t.body());
            }
        }
        return sink;
    }

    @Benchmark
    public int framesToTs() {
        TsMuxer muxer = new TsMuxer(true, true);
        muxer.videoConfig(frames.video);
        muxer.audioConfig(frames.audio);
        muxer.startSegment();
        int a = 0;
        for (VideoFrame v : frames.videoFrames) {
            while (a < frames.audioFrames.size() && frames.audioFrames.get(a).ptsMs() <= v.dtsMs()) {
                muxer.audio(frames.audioFrames.get(a++));
            }
            muxer.video(v);
        }
        return muxer.takeBytes().length();
    }

    @Benchmark
    public String livePlaylist() {
        return MediaPlaylist.render(segments, 2, 0, null, false);
    }
}
