package io.braid.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
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
import static org.bytedeco.ffmpeg.global.avutil.av_samples_set_silence;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import io.braid.media.aac.AacEncoder;
import io.braid.media.aac.AudioSpecificConfig;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;

/**
 * A WHIP publisher's Opus to AAC-LC (48 kHz stereo, FFmpeg's native encoder), once per stream, so that HLS players
 * and RTMP consumers get the audio they play while WebRTC viewers could keep the Opus. Decoded samples go through a
 * FIFO and leave in AAC's 1024-sample frames; the output timeline counts samples, so frames are evenly spaced.
 * A gap in the input (loss given up, discontinuous transmission) of up to {@link #MAX_SILENCE_MS} is filled with
 * silence, so the AAC stays continuous for players; a longer gap or a step back restarts the timeline at the input.
 * Not thread-safe: one publisher's media thread calls it.
 */
public final class OpusToAac implements AacEncoder {
    static final int RATE = 48_000;
    static final int AAC_FRAME = 1024;
    /** Opus packets carry up to 120 ms; a gap under this is filled rather than jumped. */
    static final long MAX_SILENCE_MS = 1_000;
    /** Input this far from where the sample count says it belongs is a gap (or a jump back). */
    static final long GAP_TOLERANCE_MS = 30;

    private final AVCodecContext decoder;
    private final AVCodecContext encoder;
    private final AVAudioFifo fifo;
    private final AVPacket in = av_packet_alloc();
    private final AVPacket out = av_packet_alloc();
    private final AVFrame decoded = av_frame_alloc();
    private final AVFrame resampled = av_frame_alloc();
    private final AVFrame chunk = av_frame_alloc();
    private final AudioSpecificConfig config;
    private SwrContext resampler;
    /** Where sample 0 stands on the stream timeline, in samples at 48 kHz (may be negative). */
    private long originSamples;
    private boolean started;
    /** Samples that went into the FIFO since the origin: where the next decoded sample belongs. */
    private long samplesIn;
    /** Samples read out of the FIFO into the encoder since the origin. */
    private long samplesOut;
    private long silenceFilledMs;
    private long restarts;
    private long undecodable;

    public OpusToAac(int bitrate) {
        AVCodec opus = avcodec_find_decoder(AV_CODEC_ID_OPUS);
        AVCodec aac = avcodec_find_encoder_by_name("aac");
        if (opus == null || aac == null) {
            throw new TranscodeException("this FFmpeg lacks the Opus decoder or the AAC encoder");
        }
        decoder = avcodec_alloc_context3(opus);
        decoder.sample_rate(RATE);
        av_channel_layout_default(decoder.ch_layout(), 2);
        int ret = avcodec_open2(decoder, opus, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (ret < 0) {
            avcodec_free_context(decoder);
            throw new TranscodeException("Opus decoder: " + Av.error(ret));
        }
        encoder = avcodec_alloc_context3(aac);
        encoder.sample_fmt(AV_SAMPLE_FMT_FLTP).sample_rate(RATE).bit_rate(bitrate);
        av_channel_layout_default(encoder.ch_layout(), 2);
        encoder.time_base(av_make_q(1, RATE));
        encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER); // the AudioSpecificConfig in extradata
        ret = avcodec_open2(encoder, aac, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (ret < 0) {
            avcodec_free_context(decoder);
            avcodec_free_context(encoder);
            throw new TranscodeException("AAC encoder: " + Av.error(ret));
        }
        byte[] asc = new byte[encoder.extradata_size()];
        encoder.extradata().get(asc);
        config = AudioSpecificConfig.parse(asc, 0, asc.length);
        fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, 2, RATE);
    }

    /** The AAC stream's configuration (for FLV's sequence header and HLS's ADTS headers). */
    @Override
    public AudioSpecificConfig config() {
        return config;
    }

    /**
     * One Opus packet presented at {@code ptsMs}; every AAC frame it completes goes to {@code sink}. A packet the
     * decoder refuses is counted and skipped (the gap it leaves is filled like a loss).
     */
    @Override
    public void push(byte[] opus, long ptsMs, Output sink) {
        if (opus.length == 0) {
            undecodable++; // an empty packet would tell the decoder the stream has ended
            return;
        }
        long at = ptsMs * (RATE / 1000);
        if (!started) {
            originSamples = at;
            started = true;
        }
        long expected = originSamples + samplesIn;
        long gapMs = (at - expected) / (RATE / 1000);
        if (gapMs > GAP_TOLERANCE_MS && gapMs <= MAX_SILENCE_MS) {
            writeSilence((int) (at - expected));
            silenceFilledMs += gapMs;
        } else if (gapMs > MAX_SILENCE_MS || gapMs < -MAX_SILENCE_MS) {
            // Far off (a publisher that paused, a clock step): the AAC timeline restarts at this packet.
            restarts++;
            originSamples = at - samplesIn; // the next decoded sample is this packet's first
        }
        av_packet_unref(in);
        Av.check(av_new_packet(in, opus.length), "Opus packet");
        in.data().put(opus);
        in.pts(at);
        if (avcodec_send_packet(decoder, in) < 0) {
            undecodable++;
            return;
        }
        while (avcodec_receive_frame(decoder, decoded) == 0) {
            resample(decoded);
            av_frame_unref(decoded);
        }
        encodeWhole(sink);
    }

    private void resample(AVFrame frame) {
        if (resampler == null) {
            AVChannelLayout stereo = new AVChannelLayout();
            av_channel_layout_default(stereo, 2);
            resampler = new SwrContext(null);
            Av.check(swr_alloc_set_opts2(resampler, stereo, AV_SAMPLE_FMT_FLTP, RATE, frame.ch_layout(), frame.format(), frame.sample_rate(), 0,
                    null), "audio resampler");
            Av.check(swr_init(resampler), "audio resampler init");
        }
        av_frame_unref(resampled);
        resampled.format(AV_SAMPLE_FMT_FLTP).sample_rate(RATE);
        av_channel_layout_default(resampled.ch_layout(), 2);
        Av.check(swr_convert_frame(resampler, resampled, frame), "resample audio");
        av_audio_fifo_write(fifo, resampled.extended_data(), resampled.nb_samples());
        samplesIn += resampled.nb_samples();
    }

    private void writeSilence(int samples) {
        av_frame_unref(resampled);
        resampled.nb_samples(samples).format(AV_SAMPLE_FMT_FLTP).sample_rate(RATE);
        av_channel_layout_default(resampled.ch_layout(), 2);
        Av.check(av_frame_get_buffer(resampled, 0), "silence");
        av_samples_set_silence(resampled.extended_data(), 0, samples, 2, AV_SAMPLE_FMT_FLTP);
        av_audio_fifo_write(fifo, resampled.extended_data(), samples);
        samplesIn += samples;
    }

    private void encodeWhole(Output sink) {
        while (av_audio_fifo_size(fifo) >= AAC_FRAME) {
            av_frame_unref(chunk);
            chunk.nb_samples(AAC_FRAME).format(AV_SAMPLE_FMT_FLTP).sample_rate(RATE);
            av_channel_layout_default(chunk.ch_layout(), 2);
            Av.check(av_frame_get_buffer(chunk, 0), "audio frame");
            av_audio_fifo_read(fifo, chunk.extended_data(), AAC_FRAME);
            chunk.pts(originSamples + samplesOut);
            samplesOut += AAC_FRAME;
            Av.check(avcodec_send_frame(encoder, chunk), "encode AAC");
            while (avcodec_receive_packet(encoder, out) == 0) {
                byte[] frame = new byte[out.size()];
                out.data().get(frame);
                // Packets carry the encoder's priming in their pts (the first is 1024 samples before its input).
                sink.aac(frame, Math.floorDiv(out.pts(), RATE / 1000));
                av_packet_unref(out);
            }
        }
    }

    /** Ms of silence written over gaps in the input so far. */
    public long silenceFilledMs() {
        return silenceFilledMs;
    }

    /** How often the timeline restarted at a far-off input packet. */
    public long restarts() {
        return restarts;
    }

    /** Opus packets the decoder refused. */
    public long undecodable() {
        return undecodable;
    }

    @Override
    public void close() {
        avcodec_free_context(decoder);
        avcodec_free_context(encoder);
        if (resampler != null) {
            swr_free(resampler);
        }
        av_audio_fifo_free(fifo);
        av_frame_free(decoded);
        av_frame_free(resampled);
        av_frame_free(chunk);
        av_packet_free(in);
        av_packet_free(out);
    }
}
