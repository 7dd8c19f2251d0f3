package io.braid.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale_frame;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * One rendition of a job: scales the decoded source, encodes H.264 and AAC, and publishes both as FLV over RTMP.
 * Timestamps are the source's, in milliseconds, untouched: the origin lines the rendition's segments up with the
 * source's by them.
 */
final class RenditionOutput implements AutoCloseable {
    private final Rendition rendition;
    private final VideoEncoders.Opened video;
    private final AVCodecContext audio;
    private SwsContext scaler;
    private int scalerFormat = -1;
    private final AVFrame scaled = av_frame_alloc();
    private final AVPacket packet = av_packet_alloc();
    private final AVFormatContext out = new AVFormatContext(null);
    private AVStream videoStream;
    private AVStream audioStream;
    private long framesIn;
    private long packetsOut;
    private boolean headerWritten;

    /**
     * @param audioSource the source's audio decoder (null when the source has no audio)
     */
    RenditionOutput(Rendition rendition, VideoEncoders.Opened video, AVCodecContext audioSource, String url, InterruptFlag interrupt) {
        this.rendition = rendition;
        this.video = video;
        try {
            this.audio = audioSource == null ? null : openAudio(audioSource, rendition.audioBitrate());
        } catch (RuntimeException e) {
            avcodec_free_context(video.context());
            throw e;
        }
        try {
            scaled.format(AV_PIX_FMT_YUV420P).width(rendition.width()).height(rendition.height());
            Av.check(av_frame_get_buffer(scaled, 0), "frame buffer");
            Av.check(avformat_alloc_output_context2(out, null, "flv", url), "flv output");
            videoStream = stream(video.context());
            audioStream = audio == null ? null : stream(audio);
            AVIOContext pb = new AVIOContext(null);
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "rw_timeout", "5000000", 0);
            try {
                Av.check(avio_open2(pb, url, AVIO_FLAG_WRITE, interrupt.callback(), options), "publish " + rendition.name());
            } finally {
                av_dict_free(options);
            }
            out.pb(pb);
            Av.check(avformat_write_header(out, (AVDictionary) null), "FLV header of " + rendition.name());
            headerWritten = true;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    Rendition rendition() {
        return rendition;
    }

    String encoder() {
        return video.encoder();
    }

    /** Frames inside the video encoder, not yet out as packets. */
    int queued() {
        return (int) Math.max(0, framesIn - packetsOut);
    }

    /** Scales and encodes one decoded source frame; @param keyframe forces an IDR here (a source keyframe) */
    void video(AVFrame source, long ptsMs, boolean keyframe) {
        if (scaler == null || scalerFormat != source.format()) {
            // Made on the first frame: a hardware decoder's output format (NV12 from NVDEC) is only known then.
            sws_freeContext(scaler);
            scaler = sws_getContext(source.width(), source.height(), source.format(), rendition.width(), rendition.height(), AV_PIX_FMT_YUV420P,
                    SWS_BILINEAR, null, null, (DoublePointer) null);
            if (scaler == null) {
                throw new TranscodeException("cannot scale " + source.width() + "x" + source.height() + " to " + rendition.width() + "x" + rendition.height());
            }
            scalerFormat = source.format();
        }
        Av.check(av_frame_make_writable(scaled), "frame buffer");
        Av.check(sws_scale_frame(scaler, scaled, source), "scale to " + rendition.height() + "p");
        scaled.pts(ptsMs);
        scaled.pict_type(keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        framesIn++;
        Av.check(avcodec_send_frame(video.context(), scaled), "encode " + rendition.name());
        int drained = drain(video.context(), videoStream);
        packetsOut += drained;
    }

    /** Encodes one decoded audio frame (its pts in the encoder's 1/sample-rate time base). */
    void audio(AVFrame frame) {
        if (audio == null) {
            return;
        }
        Av.check(avcodec_send_frame(audio, frame), "encode audio of " + rendition.name());
        drain(audio, audioStream);
    }

    /** Flushes both encoders and ends the FLV stream, so the origin sees a clean unpublish. */
    void finish() {
        avcodec_send_frame(video.context(), null);
        packetsOut += drain(video.context(), videoStream);
        if (audio != null) {
            avcodec_send_frame(audio, null);
            drain(audio, audioStream);
        }
        if (headerWritten) {
            av_write_trailer(out);
            headerWritten = false;
        }
    }

    private int drain(AVCodecContext encoder, AVStream stream) {
        int count = 0;
        while (true) {
            int ret = avcodec_receive_packet(encoder, packet);
            if (ret == Av.EAGAIN || ret == org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF) {
                return count;
            }
            Av.check(ret, "encode " + rendition.name());
            av_packet_rescale_ts(packet, encoder.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            Av.check(av_interleaved_write_frame(out, packet), "publish " + rendition.name());
            count++;
        }
    }

    private AVStream stream(AVCodecContext encoder) {
        AVStream s = avformat_new_stream(out, null);
        Av.check(avcodec_parameters_from_context(s.codecpar(), encoder), "stream parameters");
        s.time_base(encoder.time_base());
        return s;
    }

    private static AVCodecContext openAudio(AVCodecContext source, int bitrate) {
        AVCodec codec = avcodec_find_encoder_by_name("aac");
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.sample_fmt(AV_SAMPLE_FMT_FLTP).sample_rate(source.sample_rate());
        av_channel_layout_copy(c.ch_layout(), source.ch_layout());
        c.bit_rate(bitrate > 0 ? bitrate : 64_000);
        c.time_base(av_make_q(1, source.sample_rate()));
        c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        int ret = avcodec_open2(c, codec, (AVDictionary) null);
        if (ret < 0) {
            avcodec_free_context(c);
            throw new TranscodeException("aac encoder: " + Av.error(ret));
        }
        return c;
    }

    @Override
    public void close() {
        if (out.pb() != null) {
            avio_closep(out.pb());
        }
        avformat_free_context(out);
        avcodec_free_context(video.context());
        if (audio != null) {
            avcodec_free_context(audio);
        }
        if (scaler != null) {
            sws_freeContext(scaler);
        }
        av_frame_free(scaled);
        av_packet_free(packet);
    }
}
