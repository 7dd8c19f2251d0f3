package io.braid.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;

/**
 * Decoded audio (AAC from RTMP or SRT, any rate and layout) to Opus packets at 48 kHz stereo with libopus, which
 * WebRTC requires. Samples are resampled once, buffered in a FIFO and cut into frames of the packet duration.
 */
final class OpusTranscoder implements AutoCloseable {
    private final int frame;
    private final AVCodecContext encoder;
    private final SwrContext resampler;
    private final AVAudioFifo fifo;
    private final AVFrame resampled = av_frame_alloc();
    private final AVFrame chunk = av_frame_alloc();
    private final AVPacket packet = av_packet_alloc();
    private long nextTimestamp = -1;

    OpusTranscoder(AVCodecContext source, int bitrate, OpusFrameDuration duration) {
        frame = duration.samples48k();
        AVCodec codec = avcodec_find_encoder_by_name("libopus");
        if (codec == null) {
            throw new TranscodeException("this FFmpeg has no libopus encoder");
        }
        encoder = avcodec_alloc_context3(codec);
        encoder.sample_fmt(AV_SAMPLE_FMT_S16).sample_rate(48_000);
        av_channel_layout_default(encoder.ch_layout(), 2);
        encoder.bit_rate(bitrate);
        encoder.time_base(av_make_q(1, 48_000));
        AVDictionary options = new AVDictionary(null);
        org.bytedeco.ffmpeg.global.avutil.av_dict_set(options, "application", "lowdelay", 0);
        org.bytedeco.ffmpeg.global.avutil.av_dict_set(options, "frame_duration", Integer.toString(duration.millis()), 0);
        int ret = avcodec_open2(encoder, codec, options);
        org.bytedeco.ffmpeg.global.avutil.av_dict_free(options);
        if (ret < 0) {
            avcodec_free_context(encoder);
            throw new TranscodeException("libopus encoder: " + Av.error(ret));
        }
        AVChannelLayout stereo = new AVChannelLayout();
        av_channel_layout_default(stereo, 2);
        // Passed by pointer-to-pointer: a null SwrContext asks FFmpeg to allocate one and write it back here.
        resampler = new SwrContext(null);
        Av.check(swr_alloc_set_opts2(resampler, stereo, AV_SAMPLE_FMT_S16, 48_000, source.ch_layout(), source.sample_fmt(),
                source.sample_rate(), 0, null), "audio resampler");
        Av.check(swr_init(resampler), "audio resampler init");
        fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_S16, 2, 48_000);
    }

    /** One decoded frame in; every whole Opus packet it completes goes to the sink. */
    void push(AVFrame decoded, long ptsMillis, FeedSink sink) {
        if (nextTimestamp < 0) {
            nextTimestamp = ptsMillis * 48;
        }
        av_frame_unref(resampled);
        resampled.format(AV_SAMPLE_FMT_S16).sample_rate(48_000);
        av_channel_layout_default(resampled.ch_layout(), 2);
        Av.check(swr_convert_frame(resampler, resampled, decoded), "resample audio");
        av_audio_fifo_write(fifo, resampled.extended_data(), resampled.nb_samples());
        while (av_audio_fifo_size(fifo) >= frame) {
            av_frame_unref(chunk);
            chunk.nb_samples(frame).format(AV_SAMPLE_FMT_S16).sample_rate(48_000);
            av_channel_layout_default(chunk.ch_layout(), 2);
            Av.check(av_frame_get_buffer(chunk, 0), "audio frame");
            av_audio_fifo_read(fifo, chunk.extended_data(), frame);
            chunk.pts(nextTimestamp);
            nextTimestamp += frame;
            Av.check(avcodec_send_frame(encoder, chunk), "encode Opus");
            while (avcodec_receive_packet(encoder, packet) == 0) {
                byte[] opus = new byte[packet.size()];
                packet.data().get(opus);
                sink.audio(opus, packet.pts());
                av_packet_unref(packet);
            }
        }
    }

    @Override
    public void close() {
        avcodec_free_context(encoder);
        swr_free(resampler);
        av_audio_fifo_free(fifo);
        av_frame_free(resampled);
        av_frame_free(chunk);
        av_packet_free(packet);
    }
}
