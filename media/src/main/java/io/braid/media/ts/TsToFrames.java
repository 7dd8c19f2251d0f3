package io.braid.media.ts;

import io.braid.media.AudioFrame;
import io.braid.media.MediaSink;
import io.braid.media.VideoFrame;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.h264.AnnexB;
import io.braid.media.h264.AvcConfig;
import io.braid.media.h264.Nal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * MPEG-TS's adapter to the stream core (SRT ingest): turns the demuxer's H.264 and ADTS payloads into frames for a
 * {@link MediaSink}. A video configuration comes whenever the in-band SPS/PPS change; access units keep their bytes
 * (the NAL list points into the PES, without the parameter sets and delimiters); an audio configuration comes
 * whenever the ADTS header's parameters change, and each ADTS frame becomes one frame. Timestamps start at 0 at the
 * first PTS or DTS seen.
 */
public final class TsToFrames implements TsStreamListener {
    private static final int ADTS_HEADER = 7;
    private static final int[] SAMPLE_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    /** How long media is held back at the start, waiting for the other track's configuration. */
    static final long START_HOLD_MS = 1_000;
    /** ... or this many frames, whichever comes first (a bound for a stream whose timestamps do not advance). */
    static final int START_HOLD_FRAMES = 2_000;

    private final MediaSink out;
    private final TimestampUnwrapper videoClock = new TimestampUnwrapper();
    private final TimestampUnwrapper audioClock = new TimestampUnwrapper();
    /** Until started: configurations, then frames, to be replayed in that order. */
    private final List<Consumer<MediaSink>> heldConfigs = new ArrayList<>();
    private final List<Consumer<MediaSink>> heldFrames = new ArrayList<>();
    private long firstHeldMs = Long.MIN_VALUE;
    private boolean started;
    private boolean sawVideoConfig;
    private boolean sawAudioConfig;
    private long base = Long.MIN_VALUE;
    private byte[] sps;
    private byte[] pps;
    private boolean videoConfigSent;
    private int audioConfig = -1;
    private long skipped;

    public TsToFrames(MediaSink out) {
        this.out = out;
    }

    /** Access units or ADTS frames that could not be used (no parameter sets yet, broken headers). */
    public long skipped() {
        return skipped;
    }

    @Override
    public void h264(long pts90k, long dts90k, byte[] annexB) {
        long dts = videoClock.unwrap(dts90k);
        long pts = dts + Math.floorMod(pts90k - dts90k, TimestampUnwrapper.RANGE);
        List<int[]> nals = AnnexB.nalUnits(annexB);
        List<int[]> picture = new ArrayList<>(nals.size());
        boolean keyframe = false;
        for (int[] n : nals) {
            int type = Nal.type(annexB[n[0]]);
            if (type == Nal.SPS) {
                sps = parameterSet(sps, annexB, n);
            } else if (type == Nal.PPS) {
                pps = parameterSet(pps, annexB, n);
            } else if (type != Nal.AUD) {
                keyframe |= type == Nal.IDR;
                picture.add(n);
            }
        }
        if (sps == null || pps == null || sps.length < 4) {
            skipped++;
            return; // nothing can decode this before the parameter sets
        }
        long ms = toMs(dts);
        if (!videoConfigSent) {
            java.util.Optional<AvcConfig> readable = AvcConfig.readable(sps, pps);
            if (readable.isEmpty()) {
                skipped++;
                sps = null;
                return;
            }
            AvcConfig config = readable.get();
            videoConfigSent = true;
            sawVideoConfig = true;
            config(ms, sink -> sink.videoConfig(config));
        }
        if (!picture.isEmpty()) {
            VideoFrame frame = new VideoFrame(ms, toMs(pts), keyframe, annexB, picture);
            frame(ms, sink -> sink.video(frame));
        }
    }

    /** A changed SPS or PPS: the next access unit gets a new configuration first. */
    private byte[] parameterSet(byte[] previous, byte[] data, int[] n) {
        byte[] set = Arrays.copyOfRange(data, n[0], n[0] + n[1]);
        if (!Arrays.equals(previous, set)) {
            videoConfigSent = false;
        }
        return set;
    }

    @Override
    public void adts(long pts90k, byte[] adts) {
        long pts = audioClock.unwrap(pts90k);
        int i = 0;
        int frame = 0;
        while (i + ADTS_HEADER <= adts.length) {
            if ((adts[i] & 0xFF) != 0xFF || (adts[i + 1] & 0xF0) != 0xF0) {
                skipped++;
                return; // lost ADTS sync: the rest of this PES cannot be framed
            }
            boolean crc = (adts[i + 1] & 0x01) == 0;
            int profile = (adts[i + 2] & 0xC0) >>> 6;
            int rateIndex = (adts[i + 2] & 0x3C) >>> 2;
            int channels = (adts[i + 2] & 0x01) << 2 | (adts[i + 3] & 0xC0) >>> 6;
            int length = (adts[i + 3] & 0x03) << 11 | (adts[i + 4] & 0xFF) << 3 | (adts[i + 5] & 0xE0) >>> 5;
            int header = crc ? 9 : ADTS_HEADER;
            if (rateIndex >= SAMPLE_RATES.length || channels == 0 || length < header || i + length > adts.length) {
                skipped++;
                return;
            }
            long ms = toMs(pts + (long) frame * 1024 * 90_000 / SAMPLE_RATES[rateIndex]);
            int config = profile << 8 | rateIndex << 4 | channels;
            if (config != audioConfig) {
                audioConfig = config;
                sawAudioConfig = true;
                AudioSpecificConfig asc = AudioSpecificConfig.ofAdts(profile, rateIndex, channels);
                config(ms, sink -> sink.audioConfig(asc));
            }
            if (length > header) {
                AudioFrame f = new AudioFrame(ms, adts, i + header, length - header);
                frame(ms, sink -> sink.audio(f));
            }
            i += length;
            frame++;
        }
    }

    @Override
    public void unsupported(int pid, int streamType) {
        String codec = switch (streamType) {
            case 0x24 -> "video hevc";
            case 0x01, 0x02 -> "video mpeg2";
            case 0x10 -> "video mpeg4";
            case 0x03, 0x04 -> "audio mp3";
            case 0x11 -> "audio aac-latm";
            case 0x81 -> "audio ac3";
            case 0x87 -> "audio eac3";
            default -> null; // data (SCTE-35, KLV, private): not a track a viewer misses
        };
        if (codec != null) {
            out.unsupportedCodec(codec);
        }
    }

    /** The input has ended: what is still held is sent. */
    @Override
    public void finish() {
        release();
    }

    private void config(long ms, Consumer<MediaSink> config) {
        if (started) {
            config.accept(out);
            return;
        }
        heldConfigs.add(config);
        maybeStart(ms);
    }

    private void frame(long ms, Consumer<MediaSink> frame) {
        if (started) {
            frame.accept(out);
            return;
        }
        heldFrames.add(frame);
        if (firstHeldMs == Long.MIN_VALUE) {
            firstHeldMs = ms;
        }
        maybeStart(ms);
    }

    /**
     * In MPEG-TS the first video often comes before the first audio; an RTMP publisher sends both configurations
     * first. Until both are seen (or for {@link #START_HOLD_MS} of media, for a stream with one track), everything is
     * held, then sent configurations first, so the first HLS segment already has both tracks.
     */
    private void maybeStart(long ms) {
        boolean heldLongEnough = firstHeldMs != Long.MIN_VALUE && ms - firstHeldMs >= START_HOLD_MS;
        if (sawVideoConfig && sawAudioConfig || heldLongEnough || heldFrames.size() > START_HOLD_FRAMES) {
            release();
        }
    }

    private void release() {
        started = true;
        heldConfigs.forEach(c -> c.accept(out));
        heldFrames.forEach(f -> f.accept(out));
        heldConfigs.clear();
        heldFrames.clear();
    }

    private long toMs(long ticks90k) {
        if (base == Long.MIN_VALUE) {
            base = ticks90k;
        }
        return Math.max(0, (ticks90k - base) / 90);
    }
}
