package io.braid.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import io.braid.media.MalformedMediaException;
import io.braid.media.h264.AvcConfig;
import io.braid.media.h264.AvccFrame;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * What a WebRTC fan-out needs from a live stream: H.264 without B-frames and Opus audio. Plays the stream over RTMP
 * from its origin (FFmpeg, in process), passes H.264 through when it has no B-frames and re-encodes it otherwise
 * ({@link BframeFreeVideo}), passes Opus through when the source has it (a WHIP publisher's, which the play asks
 * for with {@code audio=opus}; see {@link OpusTimeline}) and transcodes AAC to Opus otherwise ({@link OpusTranscoder}).
 * Runs on the caller's thread until the source ends or {@link #stop()}.
 */
public final class WebRtcFeed {
    static {
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    }

    /** Opus at 64 kbit/s: music and speech at full band, a small share of any video's rate. */
    static final int OPUS_BITRATE = 64_000;
    /** The re-encode's rate when the source does not say its own. */
    static final int DEFAULT_VIDEO_BITRATE = 2_500_000;

    private final String sourceUrl;
    private final FeedSink sink;
    private final OpusFrameDuration opusFrame;
    private final InterruptFlag interrupt = new InterruptFlag();
    private volatile boolean reencoding;
    private volatile boolean opusAsPublished;

    public WebRtcFeed(String sourceUrl, FeedSink sink, OpusFrameDuration opusFrame) {
        this.sourceUrl = sourceUrl;
        this.sink = sink;
        this.opusFrame = opusFrame;
    }

    public void stop() {
        interrupt.raise();
    }

    /** Whether the video is being re-encoded (the source had B-frames). */
    public boolean reencoding() {
        return reencoding;
    }

    /** Whether the audio is the source's own Opus, passed through untouched. */
    public boolean opusAsPublished() {
        return opusAsPublished;
    }

    /** @return why it ended ("source ended", "stopped"); throws {@link TranscodeException} when it could not play */
    public String run() {
        // The origin sends its GOP cache at once, so a short probe sees both streams' configurations.
        AVFormatContext in = SourceInput.open(sourceUrl, interrupt, 256 * 1024, 1_000_000);
        AVCodecContext audioDecoder = null;
        OpusTranscoder opus = null;
        OpusTimeline opusTimeline = null;
        BframeFreeVideo reencoder = null;
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            SourceInput.Streams found = SourceInput.streams(in);
            int videoIndex = found.video();
            int audioIndex = found.audio();
            if (videoIndex < 0 || in.streams(videoIndex).codecpar().codec_id() != AV_CODEC_ID_H264) {
                throw new TranscodeException("WebRTC from Braid needs H.264 video; the source has " + (videoIndex < 0 ? "none" : "another codec"));
            }
            AVStream video = in.streams(videoIndex);
            AvcConfig config = avcConfig(video.codecpar());
            sink.parameterSets(config.sps().getFirst(), config.pps().getFirst());
            if (video.codecpar().video_delay() > 0) {
                reencoder = startReencoding(video, "the source's H.264 has B-frames (reorder depth " + video.codecpar().video_delay() + ")");
            }
            if (audioIndex >= 0 && in.streams(audioIndex).codecpar().codec_id() == AV_CODEC_ID_OPUS) {
                opusTimeline = new OpusTimeline();
                opusAsPublished = true;
                sink.note("WebRTC audio is the source's own Opus, passed through untouched");
            } else if (audioIndex >= 0) {
                AVStream audio = in.streams(audioIndex);
                audioDecoder = SourceInput.openDecoder(avcodec_find_decoder(audio.codecpar().codec_id()), audio, "audio decoder");
                opus = new OpusTranscoder(audioDecoder, OPUS_BITRATE, opusFrame);
            }
            AVRational videoBase = video.time_base();
            AVRational audioBase = audioIndex < 0 ? null : in.streams(audioIndex).time_base();
            AVRational millis = av_make_q(1, 1000);
            while (!interrupt.raised()) {
                int ret = av_read_frame(in, packet);
                if (ret == AVERROR_EOF) {
                    return "source ended";
                }
                if (ret < 0) {
                    if (interrupt.raised()) {
                        break;
                    }
                    throw new TranscodeException("reading the source: " + Av.error(ret));
                }
                try {
                    if (packet.stream_index() == videoIndex) {
                        if (reencoder == null && packet.pts() != AV_NOPTS_VALUE && packet.pts() != packet.dts()) {
                            reencoder = startReencoding(video, "the source's H.264 has B-frames (presentation and decode order differ)");
                        }
                        if (reencoder != null) {
                            reencoder.push(packet, sink);
                        } else {
                            passThrough(packet, config.nalLengthSize(), av_rescale_q(packet.pts(), videoBase, millis));
                        }
                    } else if (packet.stream_index() == audioIndex && opusTimeline != null) {
                        passThroughOpus(packet, opusTimeline, av_rescale_q(packet.pts(), audioBase, millis));
                    } else if (packet.stream_index() == audioIndex && opus != null) {
                        if (avcodec_send_packet(audioDecoder, packet) < 0) {
                            continue;
                        }
                        while (avcodec_receive_frame(audioDecoder, frame) == 0) {
                            long pts = frame.best_effort_timestamp();
                            if (pts != AV_NOPTS_VALUE) {
                                opus.push(frame, av_rescale_q(pts, audioBase, millis), sink);
                            }
                        }
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
            return "stopped";
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            if (opus != null) {
                opus.close();
            }
            if (reencoder != null) {
                reencoder.close();
            }
            if (audioDecoder != null) {
                avcodec_free_context(audioDecoder);
            }
            avformat_close_input(in);
        }
    }

    private BframeFreeVideo startReencoding(AVStream video, String why) {
        long bitrate = video.codecpar().bit_rate();
        BframeFreeVideo v = new BframeFreeVideo(video, bitrate > 0 ? (int) Math.min(bitrate, 20_000_000) : DEFAULT_VIDEO_BITRATE);
        reencoding = true;
        sink.note("WebRTC video is re-encoded without B-frames: " + why + ", which browsers' WebRTC decoders cannot play");
        return v;
    }

    private void passThrough(AVPacket packet, int nalLengthSize, long ptsMillis) {
        byte[] data = new byte[packet.size()];
        packet.data().get(data);
        List<byte[]> nals = new ArrayList<>();
        try {
            for (int[] unit : AvccFrame.nalUnits(data, 0, data.length, nalLengthSize)) {
                byte[] nal = new byte[unit[1]];
                System.arraycopy(data, unit[0], nal, 0, unit[1]);
                nals.add(nal);
            }
        } catch (MalformedMediaException e) {
            return; // one bad frame is dropped; the next keyframe recovers viewers
        }
        sink.video(nals, ptsMillis * 90, (packet.flags() & Av.PKT_FLAG_KEY) != 0);
    }

    private void passThroughOpus(AVPacket packet, OpusTimeline timeline, long ptsMillis) {
        if (packet.size() <= 0 || packet.pts() == AV_NOPTS_VALUE) {
            return;
        }
        byte[] data = new byte[packet.size()];
        packet.data().get(data);
        long timestamp;
        try {
            timestamp = timeline.timestamp(data, ptsMillis);
        } catch (MalformedMediaException e) {
            return; // a packet no decoder would take: the viewers' decoders conceal the 20 ms
        }
        sink.audio(data, timestamp);
    }

    private static AvcConfig avcConfig(AVCodecParameters p) {
        if (p.extradata() == null || p.extradata_size() < 7) {
            throw new TranscodeException("the source's H.264 has no decoder configuration (avcC)");
        }
        byte[] extradata = new byte[p.extradata_size()];
        p.extradata().get(extradata);
        try {
            return AvcConfig.parse(extradata, 0, extradata.length);
        } catch (MalformedMediaException e) {
            throw new TranscodeException("the source's H.264 configuration: " + e.getMessage());
        }
    }
}
