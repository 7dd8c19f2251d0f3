package io.braid.media.ts;

/** What the MPEG-TS demuxer finds: whole PES payloads of the streams it understands, with 90 kHz timestamps. */
public interface TsStreamListener {
    /** An H.264 access unit in Annex B form; {@code dts} equals {@code pts} when the PES had no DTS. */
    void h264(long pts90k, long dts90k, byte[] annexB);

    /** One PES payload of ADTS-framed AAC (usually several frames). */
    void adts(long pts90k, byte[] adts);

    /** A stream type this demuxer does not package (e.g. HEVC 0x24, MP3 0x03), reported once per PID. */
    default void unsupported(int pid, int streamType) {
    }

    /** The input has ended (after the last PES). */
    default void finish() {
    }
}
