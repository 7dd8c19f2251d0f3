package io.braid.media.ts;

import io.braid.media.AudioFrame;
import io.braid.media.ChunkPool;
import io.braid.media.ChunkedBytes;
import io.braid.media.VideoFrame;
import io.braid.media.aac.Adts;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.h264.AvcConfig;
import io.braid.media.h264.Nal;
import java.util.Arrays;

/**
 * MPEG-TS muxer for one program of H.264 and/or AAC (ISO/IEC 13818-1), writing into an in-memory buffer that the
 * caller takes segment by segment. Each segment starts with PAT and PMT so it can be decoded alone; the video PES
 * of a keyframe carries a PCR and the random-access flag, and the access unit gets an AUD and, on keyframes, the
 * SPS and PPS, so a player can join at any segment. Continuity counters run on across segments as the stream is
 * one continuous transport stream.
 */
public final class TsMuxer {
    public static final int PACKET = 188;
    static final int PMT_PID = 0x1000;
    static final int VIDEO_PID = 0x100;
    static final int AUDIO_PID = 0x101;
    /** Timestamps start 1.4 s in, so the PCR (0.7 s behind the DTS, as in FFmpeg) never goes below zero. */
    private static final long START_OFFSET_90K = 126_000;
    private static final long PCR_DELAY_90K = 63_000;
    private static final long MASK_33 = (1L << 33) - 1;
    private static final byte[] START_CODE = {0, 0, 0, 1};
    private static final byte[] AUD = {0, 0, 0, 1, 0x09, (byte) 0xF0};

    private final boolean hasVideo;
    private final boolean hasAudio;
    private final ChunkedBytes.Builder out;
    private final byte[] packet = new byte[PACKET];
    private final byte[] pesHeader = new byte[19];
    private byte[] esBuffer = new byte[64 << 10];
    private int patCc;
    private int pmtCc;
    private int videoCc;
    private int audioCc;
    private AvcConfig avc;
    private AudioSpecificConfig aac;

    public TsMuxer(boolean hasVideo, boolean hasAudio) {
        this(hasVideo, hasAudio, ChunkPool.NONE);
    }

    /** Segments are written into chunks from {@code pool}. */
    public TsMuxer(boolean hasVideo, boolean hasAudio, ChunkPool pool) {
        this.out = new ChunkedBytes.Builder(pool);
        if (!hasVideo && !hasAudio) {
            throw new IllegalArgumentException("a transport stream needs video or audio");
        }
        this.hasVideo = hasVideo;
        this.hasAudio = hasAudio;
    }

    public void videoConfig(AvcConfig config) {
        this.avc = config;
    }

    public void audioConfig(AudioSpecificConfig config) {
        this.aac = config;
    }

    /** Starts a new segment: PAT and PMT first. */
    public void startSegment() {
        writeTables();
    }

    /** Returns the bytes written since the last call and starts an empty buffer. */
    public ChunkedBytes takeBytes() {
        return out.build();
    }

    public void video(VideoFrame frame) {
        if (!hasVideo || avc == null) {
            return;
        }
        byte[] data = frame.data();
        boolean hasParameterSets = false;
        int size = AUD.length;
        for (int[] n : frame.nalUnits()) {
            hasParameterSets |= Nal.type(data[n[0]]) == Nal.SPS;
            size += START_CODE.length + n[1];
        }
        boolean withParameterSets = frame.keyframe() && !hasParameterSets;
        if (withParameterSets) {
            for (byte[] sps : avc.sps()) {
                size += START_CODE.length + sps.length;
            }
            for (byte[] pps : avc.pps()) {
                size += START_CODE.length + pps.length;
            }
        }
        byte[] es = elementaryStream(size);
        int at = put(es, 0, AUD, 0, AUD.length);
        if (withParameterSets) {
            for (byte[] sps : avc.sps()) {
                at = put(es, put(es, at, START_CODE, 0, START_CODE.length), sps, 0, sps.length);
            }
            for (byte[] pps : avc.pps()) {
                at = put(es, put(es, at, START_CODE, 0, START_CODE.length), pps, 0, pps.length);
            }
        }
        for (int[] n : frame.nalUnits()) {
            if (Nal.type(data[n[0]]) == Nal.AUD) {
                continue;
            }
            at = put(es, put(es, at, START_CODE, 0, START_CODE.length), data, n[0], n[1]);
        }
        long dts = ts90k(frame.dtsMs());
        long pts = ts90k(frame.ptsMs());
        writePes(VIDEO_PID, 0xE0, pts, dts, es, at, true, frame.keyframe());
    }

    public void audio(AudioFrame frame) {
        if (!hasAudio || aac == null || frame.length() > Adts.MAX_FRAME) {
            return;
        }
        byte[] es = elementaryStream(Adts.HEADER_SIZE + frame.length());
        Adts.writeHeader(es, 0, aac, frame.length());
        int length = put(es, Adts.HEADER_SIZE, frame.data(), frame.offset(), frame.length());
        long pts = ts90k(frame.ptsMs());
        writePes(AUDIO_PID, 0xC0, pts, pts, es, length, !hasVideo, !hasVideo);
    }

    /**
     * The muxer's one elementary stream buffer, at least {@code size} bytes: an access unit is assembled there and
     * written out at once, so a frame costs no allocation (it is one stream's, on one thread).
     */
    private byte[] elementaryStream(int size) {
        if (esBuffer.length < size) {
            esBuffer = new byte[Math.max(size, esBuffer.length * 2)];
        }
        return esBuffer;
    }

    private static int put(byte[] to, int at, byte[] from, int offset, int length) {
        System.arraycopy(from, offset, to, at, length);
        return at + length;
    }

    private static long ts90k(long ms) {
        return (ms * 90 + START_OFFSET_90K) & MASK_33;
    }

    private void writeTables() {
        byte[] pat = new byte[12];
        int i = 0;
        pat[i++] = 0x00; // table_id: program association
        pat[i++] = (byte) 0xB0;
        pat[i++] = 13; // section length: 5 header + 4 program + 4 CRC
        pat[i++] = 0x00;
        pat[i++] = 0x01; // transport_stream_id 1
        pat[i++] = (byte) 0xC1; // version 0, current
        pat[i++] = 0x00;
        pat[i++] = 0x00;
        pat[i++] = 0x00;
        pat[i++] = 0x01; // program 1
        pat[i++] = (byte) (0xE0 | PMT_PID >> 8);
        pat[i] = (byte) PMT_PID;
        patCc = writeSection(0, patCc, pat);

        int streams = (hasVideo ? 1 : 0) + (hasAudio ? 1 : 0);
        byte[] pmt = new byte[12 + 5 * streams];
        i = 0;
        int pcrPid = hasVideo ? VIDEO_PID : AUDIO_PID;
        int sectionLength = 9 + 5 * streams + 4;
        pmt[i++] = 0x02; // table_id: program map
        pmt[i++] = (byte) (0xB0 | sectionLength >> 8);
        pmt[i++] = (byte) sectionLength;
        pmt[i++] = 0x00;
        pmt[i++] = 0x01; // program 1
        pmt[i++] = (byte) 0xC1;
        pmt[i++] = 0x00;
        pmt[i++] = 0x00;
        pmt[i++] = (byte) (0xE0 | pcrPid >> 8);
        pmt[i++] = (byte) pcrPid;
        pmt[i++] = (byte) 0xF0;
        pmt[i++] = 0x00; // no program descriptors
        if (hasVideo) {
            i = streamEntry(pmt, i, 0x1B, VIDEO_PID);
        }
        if (hasAudio) {
            streamEntry(pmt, i, 0x0F, AUDIO_PID);
        }
        pmtCc = writeSection(PMT_PID, pmtCc, pmt);
    }

    private static int streamEntry(byte[] pmt, int i, int streamType, int pid) {
        pmt[i++] = (byte) streamType;
        pmt[i++] = (byte) (0xE0 | pid >> 8);
        pmt[i++] = (byte) pid;
        pmt[i++] = (byte) 0xF0;
        pmt[i++] = 0x00;
        return i;
    }

    /** One PSI section in one packet: pointer field, section, CRC, 0xFF fill. */
    private int writeSection(int pid, int cc, byte[] section) {
        Arrays.fill(packet, (byte) 0xFF);
        packet[0] = 0x47;
        packet[1] = (byte) (0x40 | pid >> 8);
        packet[2] = (byte) pid;
        packet[3] = (byte) (0x10 | cc);
        packet[4] = 0x00; // pointer field
        System.arraycopy(section, 0, packet, 5, section.length);
        int crc = Crc32Mpeg.of(packet, 5, section.length);
        int c = 5 + section.length;
        packet[c] = (byte) (crc >>> 24);
        packet[c + 1] = (byte) (crc >>> 16);
        packet[c + 2] = (byte) (crc >>> 8);
        packet[c + 3] = (byte) crc;
        out.write(packet, 0, PACKET);
        return (cc + 1) & 0x0F;
    }

    /**
     * The PES in TS packets, each written as its header (with any adaptation field) and then its payload straight from
     * the PES header and {@code es}, with no packet-sized copy in between.
     */
    private void writePes(int pid, int streamId, long pts, long dts, byte[] es, int esLength, boolean withPcr, boolean randomAccess) {
        boolean withDts = dts != pts;
        int headerDataLength = withDts ? 10 : 5;
        byte[] header = pesHeader;
        int headerLength = 9 + headerDataLength;
        Arrays.fill(header, (byte) 0);
        header[2] = 0x01;
        header[3] = (byte) streamId;
        int pesLength = 3 + headerDataLength + esLength;
        if (streamId != 0xE0 && pesLength <= 0xFFFF) { // video PES length may be 0 (unbounded)
            header[4] = (byte) (pesLength >> 8);
            header[5] = (byte) pesLength;
        }
        header[6] = (byte) 0x80;
        header[7] = (byte) (withDts ? 0xC0 : 0x80);
        header[8] = (byte) headerDataLength;
        timestamp(header, 9, withDts ? 0x3 : 0x2, pts);
        if (withDts) {
            timestamp(header, 14, 0x1, dts);
        }
        long pcr = (dts - PCR_DELAY_90K) & MASK_33;
        int total = headerLength + esLength;
        int written = 0;
        boolean first = true;
        while (written < total) {
            packet[0] = 0x47;
            packet[1] = (byte) ((first ? 0x40 : 0) | pid >> 8);
            packet[2] = (byte) pid;
            int cc = pid == VIDEO_PID ? videoCc : audioCc;
            int pos = 4;
            int adaptation = 0; // bytes of adaptation field including its length byte
            boolean pcrHere = first && withPcr;
            if (pcrHere) {
                adaptation = 8; // length, flags, 6-byte PCR
            } else if (first && randomAccess) {
                adaptation = 2;
            }
            int room = PACKET - 4 - adaptation;
            int left = total - written;
            if (left < room) { // stuff the adaptation field so the payload ends the packet
                adaptation += room - left;
                room = left;
            }
            if (adaptation > 0) {
                packet[3] = (byte) (0x30 | cc);
                Arrays.fill(packet, pos, pos + adaptation, (byte) 0xFF);
                packet[pos] = (byte) (adaptation - 1);
                if (adaptation > 1) {
                    packet[pos + 1] = (byte) ((first && randomAccess ? 0x40 : 0) | (pcrHere ? 0x10 : 0));
                    if (pcrHere) {
                        packet[pos + 2] = (byte) (pcr >>> 25);
                        packet[pos + 3] = (byte) (pcr >>> 17);
                        packet[pos + 4] = (byte) (pcr >>> 9);
                        packet[pos + 5] = (byte) (pcr >>> 1);
                        packet[pos + 6] = (byte) ((pcr & 1) << 7 | 0x7E);
                        packet[pos + 7] = 0x00;
                    }
                }
                pos += adaptation;
            } else {
                packet[3] = (byte) (0x10 | cc);
            }
            out.write(packet, 0, pos);
            int fromHeader = Math.max(0, Math.min(room, headerLength - written));
            if (fromHeader > 0) {
                out.write(header, written, fromHeader);
            }
            out.write(es, written + fromHeader - headerLength, room - fromHeader);
            written += room;
            if (pid == VIDEO_PID) {
                videoCc = (videoCc + 1) & 0x0F;
            } else {
                audioCc = (audioCc + 1) & 0x0F;
            }
            first = false;
        }
    }

    private static void timestamp(byte[] b, int at, int prefix, long ts) {
        b[at] = (byte) (prefix << 4 | (ts >>> 29 & 0x0E) | 1);
        b[at + 1] = (byte) (ts >>> 22);
        b[at + 2] = (byte) ((ts >>> 14 & 0xFE) | 1);
        b[at + 3] = (byte) (ts >>> 7);
        b[at + 4] = (byte) ((ts << 1 & 0xFE) | 1);
    }
}
