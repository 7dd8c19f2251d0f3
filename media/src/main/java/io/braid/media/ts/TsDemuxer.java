package io.braid.media.ts;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Demuxes an MPEG-TS byte stream (ISO/IEC 13818-1): finds the PAT and the first program's PMT, reassembles the PES
 * packets of its H.264 and AAC (ADTS) streams and hands them on with their PTS/DTS. Input may arrive in any chunking
 * (SRT delivers 7 packets per datagram); a lost sync byte makes it search for the next one. Damage is counted, never
 * thrown: a continuity gap drops the PES being assembled (its data is incomplete), an oversized or malformed PES is
 * skipped, and the demuxer goes on with the next one.
 */
public final class TsDemuxer {
    public static final int PACKET = 188;
    /** Larger PES payloads are dropped: a 4K keyframe fits easily, a corrupt length cannot make memory grow. */
    public static final int MAX_PES = 8 << 20;
    static final int STREAM_H264 = 0x1B;
    static final int STREAM_AAC_ADTS = 0x0F;
    private static final int PAT_PID = 0;
    private static final int SYNC = 0x47;

    /** What the demuxer has counted so far. */
    public record Counters(long packets, long continuityErrors, long malformed, long resyncs, long droppedPes) {
    }

    private static final class Pes {
        final int streamType;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        int lastContinuity = -1;
        boolean assembling;
        boolean broken;

        Pes(int streamType) {
            this.streamType = streamType;
        }
    }

    private final TsStreamListener listener;
    private final byte[] partial = new byte[PACKET];
    private int partialLength;
    private int pmtPid = -1;
    private final Map<Integer, Pes> streams = new HashMap<>();
    private final Map<Integer, Boolean> reportedUnsupported = new HashMap<>();
    private long packets;
    private long continuityErrors;
    private long malformed;
    private long resyncs;
    private long droppedPes;

    public TsDemuxer(TsStreamListener listener) {
        this.listener = listener;
    }

    public Counters counters() {
        return new Counters(packets, continuityErrors, malformed, resyncs, droppedPes);
    }

    /** Feeds bytes as they arrive. */
    public void feed(byte[] data, int offset, int length) {
        int i = offset;
        int end = offset + length;
        if (partialLength > 0) {
            int take = Math.min(PACKET - partialLength, end - i);
            System.arraycopy(data, i, partial, partialLength, take);
            partialLength += take;
            i += take;
            if (partialLength < PACKET) {
                return;
            }
            packet(partial, 0);
            partialLength = 0;
        }
        while (i < end) {
            if ((data[i] & 0xFF) != SYNC) {
                resyncs++;
                while (i < end && (data[i] & 0xFF) != SYNC) {
                    i++;
                }
                continue;
            }
            if (end - i < PACKET) {
                System.arraycopy(data, i, partial, 0, end - i);
                partialLength = end - i;
                return;
            }
            packet(data, i);
            i += PACKET;
        }
    }

    /** The input has ended: a PES still being assembled is complete now. */
    public void finish() {
        for (Map.Entry<Integer, Pes> e : streams.entrySet()) {
            flush(e.getValue());
        }
        listener.finish();
    }

    private void packet(byte[] p, int o) {
        packets++;
        boolean transportError = (p[o + 1] & 0x80) != 0;
        boolean unitStart = (p[o + 1] & 0x40) != 0;
        int pid = (p[o + 1] & 0x1F) << 8 | p[o + 2] & 0xFF;
        int adaptation = (p[o + 3] >>> 4) & 0x3;
        int continuity = p[o + 3] & 0x0F;
        if (transportError) {
            malformed++;
            Pes pes = streams.get(pid);
            if (pes != null) {
                pes.broken = true;
            }
            return;
        }
        int payload = o + 4;
        if (adaptation == 2 || adaptation == 3) {
            int adaptationLength = p[o + 4] & 0xFF;
            payload += 1 + adaptationLength;
            if (adaptation == 2) {
                return;
            }
        }
        if (adaptation == 0 || payload > o + PACKET) {
            malformed++;
            return;
        }
        int payloadLength = o + PACKET - payload;
        if (pid == PAT_PID) {
            if (unitStart) {
                pat(p, payload, payloadLength);
            }
        } else if (pid == pmtPid) {
            if (unitStart) {
                pmt(p, payload, payloadLength);
            }
        } else {
            Pes pes = streams.get(pid);
            if (pes != null) {
                pes(pes, unitStart, continuity, p, payload, payloadLength);
            }
        }
    }

    private void pat(byte[] p, int o, int length) {
        int section = o + 1 + (p[o] & 0xFF); // pointer field
        if (section + 8 > o + length || (p[section] & 0xFF) != 0x00) {
            malformed++;
            return;
        }
        int sectionLength = (p[section + 1] & 0x0F) << 8 | p[section + 2] & 0xFF;
        int programs = section + 8;
        int programsEnd = Math.min(section + 3 + sectionLength - 4, o + length);
        for (int i = programs; i + 4 <= programsEnd; i += 4) {
            int program = (p[i] & 0xFF) << 8 | p[i + 1] & 0xFF;
            int pid = (p[i + 2] & 0x1F) << 8 | p[i + 3] & 0xFF;
            if (program != 0) {
                pmtPid = pid; // the first program: an encoder contributes one
                return;
            }
        }
    }

    private void pmt(byte[] p, int o, int length) {
        int section = o + 1 + (p[o] & 0xFF);
        if (section + 12 > o + length || (p[section] & 0xFF) != 0x02) {
            malformed++;
            return;
        }
        int sectionLength = (p[section + 1] & 0x0F) << 8 | p[section + 2] & 0xFF;
        int programInfoLength = (p[section + 10] & 0x0F) << 8 | p[section + 11] & 0xFF;
        int i = section + 12 + programInfoLength;
        int end = Math.min(section + 3 + sectionLength - 4, o + length);
        while (i + 5 <= end) {
            int streamType = p[i] & 0xFF;
            int pid = (p[i + 1] & 0x1F) << 8 | p[i + 2] & 0xFF;
            int infoLength = (p[i + 3] & 0x0F) << 8 | p[i + 4] & 0xFF;
            if (streamType == STREAM_H264 || streamType == STREAM_AAC_ADTS) {
                Pes known = streams.get(pid);
                if (known == null || known.streamType != streamType) {
                    streams.put(pid, new Pes(streamType));
                }
            } else if (reportedUnsupported.putIfAbsent(pid, true) == null) {
                listener.unsupported(pid, streamType);
            }
            i += 5 + infoLength;
        }
    }

    private void pes(Pes pes, boolean unitStart, int continuity, byte[] p, int o, int length) {
        if (pes.lastContinuity >= 0 && continuity != ((pes.lastContinuity + 1) & 0x0F) && continuity != pes.lastContinuity) {
            continuityErrors++;
            pes.broken = true;
        }
        pes.lastContinuity = continuity;
        if (unitStart) {
            flush(pes);
            pes.assembling = true;
            pes.broken = false;
        }
        if (!pes.assembling) {
            return;
        }
        if (pes.data.size() + length > MAX_PES) {
            droppedPes++;
            pes.data.reset();
            pes.assembling = false;
            return;
        }
        pes.data.write(p, o, length);
    }

    private void flush(Pes pes) {
        if (!pes.assembling) {
            return;
        }
        pes.assembling = false;
        byte[] d = pes.data.toByteArray();
        pes.data.reset();
        if (pes.broken) {
            droppedPes++;
            return;
        }
        if (d.length < 9 || d[0] != 0 || d[1] != 0 || d[2] != 1) {
            malformed++;
            return;
        }
        int flags = d[7] & 0xFF;
        int headerLength = d[8] & 0xFF;
        int payload = 9 + headerLength;
        if (payload > d.length || (flags & 0x80) == 0 || headerLength < 5) {
            malformed++; // a PES without a PTS cannot be placed in time
            return;
        }
        long pts = timestamp(d, 9);
        long dts = (flags & 0x40) != 0 && headerLength >= 10 ? timestamp(d, 14) : pts;
        if (pts < 0 || dts < 0) {
            malformed++;
            return;
        }
        byte[] es = java.util.Arrays.copyOfRange(d, payload, d.length);
        if (pes.streamType == STREAM_H264) {
            listener.h264(pts, dts, es);
        } else {
            listener.adts(pts, es);
        }
    }

    /** A 33-bit PES timestamp, or -1 when its marker bits are wrong. */
    private static long timestamp(byte[] d, int i) {
        if ((d[i] & 0x01) == 0 || (d[i + 2] & 0x01) == 0 || (d[i + 4] & 0x01) == 0) {
            return -1;
        }
        return ((long) (d[i] & 0x0E) << 29) | ((d[i + 1] & 0xFF) << 22) | ((d[i + 2] & 0xFE) << 14) | ((d[i + 3] & 0xFF) << 7)
                | ((d[i + 4] & 0xFE) >>> 1);
    }
}
