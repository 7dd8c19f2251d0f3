package io.braid.media.ts;

import io.braid.media.h264.AnnexB;
import io.braid.media.h264.Nal;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the demuxer's H.264 and ADTS payloads into the FLV tags an RTMP publisher would send: an AVC sequence header
 * whenever the SPS/PPS change, AVCC access units with their composition offset, an AAC sequence header whenever the
 * ADTS configuration changes, and one raw AAC frame per tag. Everything downstream (HLS packaging, RTMP play, the
 * transcoder) then treats an SRT stream exactly like an RTMP one. Timestamps start at 0 at the first PTS or DTS seen.
 */
public final class TsToFlvTags implements TsStreamListener {
    private static final int AUDIO = 8;
    private static final int VIDEO = 9;
    private static final int ADTS_HEADER = 7;
    private static final int[] SAMPLE_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    /** How long tags are held back at the start, waiting for the other stream's sequence header. */
    static final long START_HOLD_MS = 1_000;

    private record Held(int type, long ms, byte[] body) {
    }

    private final FlvTagSink out;
    private final java.util.ArrayList<Held> held = new java.util.ArrayList<>();
    private boolean started;
    private boolean sawVideoHeader;
    private boolean sawAudioHeader;
    private final FlvTagSink sink = this::hold;
    private final TimestampUnwrapper videoClock = new TimestampUnwrapper();
    private final TimestampUnwrapper audioClock = new TimestampUnwrapper();
    private long base = Long.MIN_VALUE;
    private byte[] sps;
    private byte[] pps;
    private boolean videoHeaderSent;
    private int audioConfig = -1;
    private long skipped;

    public TsToFlvTags(FlvTagSink sink) {
        this.out = sink;
    }

    /**
     * In MPEG-TS the first video often comes before the first audio; an RTMP publisher sends both sequence headers
     * first. Until both are seen (or for {@link #START_HOLD_MS} of media, for a stream with one of them only), tags are
     * held, then sent headers first, so the first HLS segment already has both tracks.
     */
    private void hold(int type, long ms, byte[] body) {
        if (started) {
            out.tag(type, ms, body);
            return;
        }
        Held h = new Held(type, ms, body);
        sawVideoHeader |= isHeader(h) && type == VIDEO;
        sawAudioHeader |= isHeader(h) && type == AUDIO;
        held.add(h);
        if ((sawVideoHeader && sawAudioHeader) || ms - held.getFirst().ms() >= START_HOLD_MS || held.size() > 2_000) {
            started = true;
            long first = held.getFirst().ms();
            for (Held x : held) {
                if (isHeader(x)) {
                    out.tag(x.type(), first, x.body());
                }
            }
            for (Held x : held) {
                if (!isHeader(x)) {
                    out.tag(x.type(), x.ms(), x.body());
                }
            }
            held.clear();
        }
    }

    private static boolean isHeader(Held h) {
        return h.body().length > 1 && h.body()[1] == 0 && (h.type() == VIDEO ? (h.body()[0] & 0x0F) == 7 : (h.body()[0] & 0xF0) == 0xA0);
    }

    /** The input has ended: tags still held are sent. */
    @Override
    public void finish() {
        started = true;
        for (Held h : held) {
            out.tag(h.type(), h.ms(), h.body());
        }
        held.clear();
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
        ByteArrayOutputStream avcc = new ByteArrayOutputStream(annexB.length + 16);
        boolean keyframe = false;
        for (int[] n : nals) {
            int type = Nal.type(annexB[n[0]]);
            if (type == Nal.SPS) {
                sps = parameterSet(sps, annexB, n);
            } else if (type == Nal.PPS) {
                pps = parameterSet(pps, annexB, n);
            } else if (type != Nal.AUD) {
                keyframe |= type == Nal.IDR;
                avcc.write(n[1] >>> 24);
                avcc.write(n[1] >>> 16);
                avcc.write(n[1] >>> 8);
                avcc.write(n[1]);
                avcc.write(annexB, n[0], n[1]);
            }
        }
        if (sps == null || pps == null || sps.length < 4) {
            skipped++;
            return; // nothing can decode this before the parameter sets
        }
        long ms = toMs(dts);
        if (!videoHeaderSent) {
            sink.tag(VIDEO, ms, sequenceHeader());
            videoHeaderSent = true;
        }
        if (avcc.size() == 0) {
            return;
        }
        int cts = (int) Math.min(0x7FFFFF, Math.max(0, (pts - dts) / 90));
        byte[] body = new byte[5 + avcc.size()];
        body[0] = (byte) ((keyframe ? 0x10 : 0x20) | 7);
        body[1] = 1;
        body[2] = (byte) (cts >>> 16);
        body[3] = (byte) (cts >>> 8);
        body[4] = (byte) cts;
        System.arraycopy(avcc.toByteArray(), 0, body, 5, avcc.size());
        sink.tag(VIDEO, ms, body);
    }

    /** A changed SPS or PPS: the next access unit gets a new sequence header first. */
    private byte[] parameterSet(byte[] previous, byte[] data, int[] n) {
        byte[] set = Arrays.copyOfRange(data, n[0], n[0] + n[1]);
        if (!Arrays.equals(previous, set)) {
            videoHeaderSent = false;
        }
        return set;
    }

    private byte[] sequenceHeader() {
        byte[] body = new byte[5 + 11 + sps.length + pps.length];
        body[0] = 0x17;
        int i = 5;
        body[i++] = 1;
        body[i++] = sps[1];
        body[i++] = sps[2];
        body[i++] = sps[3];
        body[i++] = (byte) 0xFF; // 4-byte NAL lengths
        body[i++] = (byte) 0xE1; // one SPS
        body[i++] = (byte) (sps.length >>> 8);
        body[i++] = (byte) sps.length;
        System.arraycopy(sps, 0, body, i, sps.length);
        i += sps.length;
        body[i++] = 1;
        body[i++] = (byte) (pps.length >>> 8);
        body[i++] = (byte) pps.length;
        System.arraycopy(pps, 0, body, i, pps.length);
        return body;
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
            int config = (profile + 1) << 11 | rateIndex << 7 | channels << 3;
            long ms = toMs(pts + (long) frame * 1024 * 90_000 / SAMPLE_RATES[rateIndex]);
            if (config != audioConfig) {
                audioConfig = config;
                sink.tag(AUDIO, ms, new byte[] {(byte) 0xAF, 0, (byte) (config >>> 8), (byte) config});
            }
            byte[] body = new byte[2 + length - header];
            body[0] = (byte) 0xAF;
            body[1] = 1;
            System.arraycopy(adts, i + header, body, 2, length - header);
            sink.tag(AUDIO, ms, body);
            i += length;
            frame++;
        }
    }

    private long toMs(long ticks90k) {
        if (base == Long.MIN_VALUE) {
            base = ticks90k;
        }
        return Math.max(0, (ticks90k - base) / 90);
    }
}
