package io.braid.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * One stream's ABR ladder: pulls the source (RTMP play from its origin), decodes it once, and feeds every rendition.
 * Runs on the caller's thread until the source ends, an output fails or {@link #stop()} is called. A source keyframe
 * becomes a forced IDR in every rendition at the same timestamp, so the origin can cut all of them where it cut the
 * source.
 */
public final class TranscodeJob {
    private static final System.Logger LOG = System.getLogger(TranscodeJob.class.getName());

    static {
        // FFmpeg's info lines (x264's settings and statistics per encoder) would flood the service log.
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    }

    /** Where a job starts and how it goes; called on the job's thread. */
    public interface Listener {
        /** The renditions are being published; {@code fallbackReason} says why the encoder is not the preferred one. */
        void started(List<Rendition> renditions, String videoDecoder, String videoEncoder, String fallbackReason);
    }

    /** What to do: the source URL, the ladder, the preference, and how to name each rendition's publish URL. */
    public record Spec(String sourceUrl, String streamId, List<LadderRung> ladder, EncoderPreference preference,
            Function<String, String> publishUrl) {
    }

    private final Spec spec;
    private final Listener listener;
    /** Raised by {@link #stop()}: stops reading the source; the renditions still flush and end their publish. */
    private final InterruptFlag interrupt = new InterruptFlag();
    /** Raised when a rendition fails or cannot finish: aborts every output's blocked write. */
    private final InterruptFlag outputsInterrupt = new InterruptFlag();
    private final SpeedMeter speed = new SpeedMeter();
    private final List<RenditionWorker> outputs = new ArrayList<>();
    private volatile JobFigures figures = JobFigures.STARTING;
    private String decoderName = "";
    private long dropped;
    private long encoded;

    public TranscodeJob(Spec spec, Listener listener) {
        this.spec = spec;
        this.listener = listener;
    }

    /** Asks the job to end; a blocked read or write returns at once. */
    public void stop() {
        interrupt.raise();
    }

    public JobFigures figures() {
        return figures;
    }

    /**
     * Runs the job to its end.
     *
     * @return why it ended normally ("source ended", "stopped")
     * @throws TranscodeException when it could not start or an output failed
     */
    public String run() {
        AVFormatContext in = SourceInput.open(spec.sourceUrl(), interrupt, 1 << 20, 3_000_000);
        AVCodecContext videoDecoder = null;
        AVCodecContext audioDecoder = null;
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            SourceInput.Streams found = SourceInput.streams(in);
            int videoIndex = found.video();
            int audioIndex = found.audio();
            if (videoIndex < 0) {
                throw new TranscodeException("the source has no video to transcode");
            }
            AVStream videoIn = in.streams(videoIndex);
            AVStream audioIn = audioIndex < 0 ? null : in.streams(audioIndex);
            String gpuProblem = GpuProbe.absentReason();
            videoDecoder = openVideoDecoder(videoIn, spec.preference().allowsGpu() && gpuProblem == null);
            audioDecoder = audioIn == null ? null : SourceInput.openDecoder(avcodec_find_decoder(audioIn.codecpar().codec_id()), audioIn, "audio decoder");
            int width = videoIn.codecpar().width();
            int height = videoIn.codecpar().height();
            List<Rendition> plan = LadderPlan.renditions(spec.streamId(), width, height, spec.ladder());
            if (plan.isEmpty()) {
                throw new TranscodeException("no rung of the ladder fits a " + width + "x" + height + " source (taller rungs need forceEncode)");
            }
            AVRational frameRate = frameRate(videoIn);
            String fallback = null;
            for (Rendition r : plan) {
                VideoEncoders.Opened encoder = VideoEncoders.open(spec.preference(), gpuProblem, r.width(), r.height(), r.videoBitrate(), frameRate);
                if (encoder.fallbackReason() != null) {
                    fallback = encoder.fallbackReason();
                }
                outputs.add(new RenditionWorker(new RenditionOutput(r, encoder, audioDecoder, spec.publishUrl().apply(r.name()), outputsInterrupt),
                        outputsInterrupt, interrupt::raise));
            }
            listener.started(plan, decoderName, outputs.getFirst().output().encoder(), fallback);
            return pump(in, videoIndex, audioIndex, videoDecoder, audioDecoder, packet, frame, width, height);
        } finally {
            TranscodeException failed = null;
            for (RenditionWorker o : outputs) {
                try {
                    o.finish();
                } catch (TranscodeException e) {
                    LOG.log(Level.DEBUG, "finishing {0}: {1}", o.output().rendition().name(), e.getMessage());
                    failed = failed == null ? e : failed;
                }
                o.close();
            }
            outputs.clear();
            av_frame_free(frame);
            av_packet_free(packet);
            if (videoDecoder != null) {
                avcodec_free_context(videoDecoder);
            }
            if (audioDecoder != null) {
                avcodec_free_context(audioDecoder);
            }
            avformat_close_input(in);
            if (failed != null) {
                throw failed; // a rendition's encoder or publish failed: that, not "stopped", is how the job ended
            }
        }
    }

    private String pump(AVFormatContext in, int videoIndex, int audioIndex, AVCodecContext videoDecoder, AVCodecContext audioDecoder,
            AVPacket packet, AVFrame frame, int width, int height) {
        AVRational videoBase = in.streams(videoIndex).time_base();
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
            long start = System.nanoTime();
            try {
                if (packet.stream_index() == videoIndex) {
                    if (avcodec_send_packet(videoDecoder, packet) < 0) {
                        dropped++;
                        continue;
                    }
                    while (avcodec_receive_frame(videoDecoder, frame) == 0) {
                        if (frame.width() != width || frame.height() != height) {
                            return "the source changed size to " + frame.width() + "x" + frame.height();
                        }
                        long pts = frame.best_effort_timestamp();
                        if (pts == AV_NOPTS_VALUE) {
                            dropped++;
                            continue;
                        }
                        long ptsMs = av_rescale_q(pts, videoBase, millis);
                        boolean key = (frame.flags() & Av.FRAME_FLAG_KEY) != 0;
                        for (RenditionWorker o : outputs) {
                            o.video(frame, ptsMs, key);
                        }
                        encoded++;
                        speed.frame(ptsMs, System.currentTimeMillis(), System.nanoTime() - start);
                        start = System.nanoTime();
                        publishFigures();
                    }
                } else if (packet.stream_index() == audioIndex && audioDecoder != null) {
                    if (avcodec_send_packet(audioDecoder, packet) < 0) {
                        continue;
                    }
                    while (avcodec_receive_frame(audioDecoder, frame) == 0) {
                        long pts = frame.best_effort_timestamp();
                        if (pts == AV_NOPTS_VALUE) {
                            continue;
                        }
                        frame.pts(av_rescale_q(pts, audioBase, av_make_q(1, audioDecoder.sample_rate())));
                        for (RenditionWorker o : outputs) {
                            o.audio(frame);
                        }
                    }
                }
            } finally {
                av_packet_unref(packet);
            }
        }
        return "stopped";
    }

    private void publishFigures() {
        int queue = 0;
        for (RenditionWorker o : outputs) {
            queue = Math.max(queue, o.queued());
        }
        figures = new JobFigures(round(speed.speed()), round(speed.busy()), queue, dropped, encoded, speed.behind(), decoderName,
                outputs.isEmpty() ? "" : outputs.getFirst().output().encoder());
    }

    private AVCodecContext openVideoDecoder(AVStream stream, boolean tryGpu) {
        if (tryGpu && stream.codecpar().codec_id() == AV_CODEC_ID_H264) {
            AVCodec cuvid = avcodec_find_decoder_by_name("h264_cuvid");
            if (cuvid != null) {
                try {
                    AVCodecContext c = SourceInput.openDecoder(cuvid, stream, "h264_cuvid");
                    decoderName = "h264_cuvid";
                    return c;
                } catch (TranscodeException e) {
                    LOG.log(Level.INFO, "NVDEC (h264_cuvid) did not open, decoding on the CPU: {0}", e.getMessage());
                }
            }
        }
        AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
        AVCodecContext c = SourceInput.openDecoder(codec, stream, "video decoder");
        decoderName = codec.name().getString();
        return c;
    }

    private static AVRational frameRate(AVStream stream) {
        AVRational r = stream.avg_frame_rate();
        if (r.num() <= 0 || r.den() <= 0) {
            r = stream.r_frame_rate();
        }
        return r.num() > 0 && r.den() > 0 ? av_make_q(r.num(), r.den()) : av_make_q(30, 1);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
