package io.braid.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import io.braid.media.h264.AnnexB;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Browsers' WebRTC H.264 decoders do not reorder frames, so a stream with B-frames (ffmpeg's libx264 default) is
 * decoded here and encoded again without them (libx264, zero latency), once per stream per edge. A source keyframe
 * stays a keyframe at the same timestamp.
 */
final class BframeFreeVideo implements AutoCloseable {
    private final AVCodecContext decoder;
    private final AVCodecContext encoder;
    private final AVRational sourceBase;
    private final AVFrame frame = av_frame_alloc();
    private final AVPacket out = av_packet_alloc();

    BframeFreeVideo(AVStream source, int bitrate) {
        decoder = SourceInput.openDecoder(avcodec_find_decoder(source.codecpar().codec_id()), source, "video decoder");
        AVRational rate = source.avg_frame_rate().num() > 0 ? source.avg_frame_rate() : av_make_q(30, 1);
        encoder = VideoEncoders.openRealtime(source.codecpar().width(), source.codecpar().height(), bitrate, rate);
        sourceBase = source.time_base();
    }

    void push(AVPacket packet, FeedSink sink) {
        if (avcodec_send_packet(decoder, packet) < 0) {
            return;
        }
        while (avcodec_receive_frame(decoder, frame) == 0) {
            long pts = frame.best_effort_timestamp();
            if (pts == AV_NOPTS_VALUE) {
                continue;
            }
            boolean key = (frame.flags() & Av.FRAME_FLAG_KEY) != 0;
            frame.pts(av_rescale_q(pts, sourceBase, av_make_q(1, 1000)));
            frame.pict_type(key ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
            Av.check(avcodec_send_frame(encoder, frame), "encode B-frame-free video");
            while (avcodec_receive_packet(encoder, out) == 0) {
                byte[] annexB = new byte[out.size()];
                out.data().get(annexB);
                List<byte[]> nals = new ArrayList<>();
                boolean idr = false;
                for (int[] unit : AnnexB.nalUnits(annexB)) {
                    byte[] nal = new byte[unit[1]];
                    System.arraycopy(annexB, unit[0], nal, 0, unit[1]);
                    idr |= (nal[0] & 0x1F) == 5;
                    nals.add(nal);
                }
                sink.video(nals, out.pts() * 90, idr);
                av_packet_unref(out);
            }
        }
    }

    @Override
    public void close() {
        avcodec_free_context(decoder);
        avcodec_free_context(encoder);
        av_frame_free(frame);
        av_packet_free(out);
    }
}
