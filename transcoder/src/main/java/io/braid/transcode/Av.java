package io.braid.transcode;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/** FFmpeg return codes turned into exceptions, and the few constants the presets do not export. */
final class Av {
    /** {@code AVERROR(EAGAIN)} on Linux. */
    static final int EAGAIN = -11;
    /** {@code AV_FRAME_FLAG_KEY}. */
    static final int FRAME_FLAG_KEY = 1 << 1;
    /** {@code AV_PKT_FLAG_KEY}. */
    static final int PKT_FLAG_KEY = 1;

    private Av() {
    }

    static int check(int ret, String what) {
        if (ret < 0) {
            throw new TranscodeException(what + ": " + error(ret));
        }
        return ret;
    }

    static String error(int ret) {
        byte[] text = new byte[256];
        av_strerror(ret, text, text.length);
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8) + " (" + ret + ")";
    }
}
