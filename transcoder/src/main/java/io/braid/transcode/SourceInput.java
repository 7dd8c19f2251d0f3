package io.braid.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/** Opening a live source (RTMP play from its origin, or a file) and its decoders, as every pipeline here does. */
final class SourceInput {
    /** The first video and audio stream of a source; -1 when it has none. */
    record Streams(int video, int audio) {
    }

    private SourceInput() {
    }

    /**
     * Opens and probes a source: a 10 s read timeout, RTMP in live mode, aborted by {@code interrupt}; the probe reads
     * at most {@code probeBytes} / {@code analyzeMicros}.
     */
    static AVFormatContext open(String url, InterruptFlag interrupt, long probeBytes, long analyzeMicros) {
        AVFormatContext in = avformat_alloc_context();
        in.interrupt_callback(interrupt.callback());
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "rw_timeout", "10000000", 0);
        av_dict_set(options, "rtmp_live", "live", 0);
        int opened = avformat_open_input(in, url, null, options);
        av_dict_free(options);
        if (opened < 0) {
            throw new TranscodeException((interrupt.raised() ? "stopped while opening " : "cannot play ") + url + ": " + Av.error(opened));
        }
        in.probesize(probeBytes);
        in.max_analyze_duration(analyzeMicros);
        try {
            Av.check(avformat_find_stream_info(in, (PointerPointer<?>) null), "read the source's streams");
        } catch (TranscodeException e) {
            org.bytedeco.ffmpeg.global.avformat.avformat_close_input(in);
            throw e;
        }
        return in;
    }

    static Streams streams(AVFormatContext in) {
        int video = -1;
        int audio = -1;
        for (int i = 0; i < in.nb_streams(); i++) {
            int type = in.streams(i).codecpar().codec_type();
            if (type == AVMEDIA_TYPE_VIDEO && video < 0) {
                video = i;
            } else if (type == AVMEDIA_TYPE_AUDIO && audio < 0) {
                audio = i;
            }
        }
        return new Streams(video, audio);
    }

    static AVCodecContext openDecoder(AVCodec codec, AVStream stream, String what) {
        if (codec == null) {
            throw new TranscodeException("no " + what + " for codec id " + stream.codecpar().codec_id());
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        Av.check(avcodec_parameters_to_context(c, stream.codecpar()), what);
        c.pkt_timebase(stream.time_base());
        int ret = avcodec_open2(c, codec, (AVDictionary) null);
        if (ret < 0) {
            avcodec_free_context(c);
            throw new TranscodeException(what + ": " + Av.error(ret));
        }
        return c;
    }
}
