package io.braid.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Opens the H.264 encoder for one rendition: NVENC when the preference allows a GPU and one can encode, else
 * libx264. Both are set up for live ABR: constant-ish bitrate bounded by a one-second VBV, no B-frames (so DTS equals
 * PTS and renditions cut at the same timestamps), and keyframes only where the job forces them (at the source's
 * keyframes), which is what keeps every rendition's segments aligned with the source's.
 */
public final class VideoEncoders {
    /** An open encoder and, when it is not the preferred one, why. */
    public record Opened(AVCodecContext context, String encoder, String fallbackReason) {
    }

    /** x264's speed preset: veryfast keeps 3 renditions of 1080p in real time on a few cores at good quality. */
    static final String X264_PRESET = "veryfast";
    private static final int NO_AUTOMATIC_KEYFRAMES = 1 << 20;

    private VideoEncoders() {
    }

    /**
     * @param gpuProblem null when an NVIDIA GPU seems present, else why it is not
     * @throws TranscodeException when no allowed encoder opens
     */
    public static Opened open(EncoderPreference preference, String gpuProblem, int width, int height, int bitrate, AVRational frameRate) {
        String why = null;
        if (preference.allowsGpu()) {
            if (gpuProblem != null) {
                why = gpuProblem;
            } else {
                try {
                    return new Opened(openNamed("h264_nvenc", width, height, bitrate, frameRate), "h264_nvenc", null);
                } catch (TranscodeException e) {
                    why = "h264_nvenc did not open: " + e.getMessage();
                }
            }
            if (!preference.allowsCpu()) {
                throw new TranscodeException("encoderSelectionPreference is gpu_only but " + why);
            }
        } else {
            why = "encoderSelectionPreference is cpu_only";
        }
        return new Opened(openNamed("libx264", width, height, bitrate, frameRate), "libx264", why);
    }

    /**
     * libx264 for a real-time viewer (WebRTC): no B-frames, no lookahead ({@code tune=zerolatency}), and SPS/PPS in
     * band before every IDR instead of in a global header.
     */
    public static AVCodecContext openRealtime(int width, int height, int bitrate, AVRational frameRate) {
        return openNamed("libx264", width, height, bitrate, frameRate, true);
    }

    static AVCodecContext openNamed(String name, int width, int height, int bitrate, AVRational frameRate) {
        return openNamed(name, width, height, bitrate, frameRate, false);
    }

    private static AVCodecContext openNamed(String name, int width, int height, int bitrate, AVRational frameRate, boolean realtime) {
        AVCodec codec = avcodec_find_encoder_by_name(name);
        if (codec == null) {
            throw new TranscodeException(name + " is not in this FFmpeg build");
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P);
        c.time_base(av_make_q(1, 1000));
        c.framerate(frameRate);
        c.sample_aspect_ratio(av_make_q(1, 1));
        c.bit_rate(bitrate).rc_max_rate(bitrate).rc_buffer_size(bitrate);
        c.gop_size(NO_AUTOMATIC_KEYFRAMES).max_b_frames(0);
        if (!realtime) {
            c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        AVDictionary options = new AVDictionary(null);
        if (name.equals("libx264")) {
            av_dict_set(options, "preset", X264_PRESET, 0);
            av_dict_set(options, "forced-idr", "1", 0);
            if (realtime) {
                av_dict_set(options, "tune", "zerolatency", 0);
            }
            av_dict_set(options, "x264-params", "scenecut=0:open-gop=0:nal-hrd=none:rc-lookahead=" + (realtime ? 0 : 10), 0);
        } else {
            av_dict_set(options, "preset", "p4", 0);
            av_dict_set(options, "tune", "ll", 0);
            av_dict_set(options, "rc", "cbr", 0);
            av_dict_set(options, "forced-idr", "1", 0);
            av_dict_set(options, "no-scenecut", "1", 0);
        }
        try {
            int ret = avcodec_open2(c, codec, options);
            if (ret < 0) {
                avcodec_free_context(c);
                throw new TranscodeException(Av.error(ret));
            }
            return c;
        } finally {
            av_dict_free(options);
        }
    }
}
