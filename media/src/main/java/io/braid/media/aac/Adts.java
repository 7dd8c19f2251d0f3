package io.braid.media.aac;

/** Writes the 7-byte ADTS header (no CRC) that MPEG-TS needs before each raw AAC frame. */
public final class Adts {
    public static final int HEADER_SIZE = 7;
    public static final int MAX_FRAME = 0x1FFF - HEADER_SIZE;

    private Adts() {
    }

    public static void writeHeader(byte[] out, int offset, AudioSpecificConfig config, int payloadLength) {
        if (payloadLength < 0 || payloadLength > MAX_FRAME) {
            throw new IllegalArgumentException("AAC frame of " + payloadLength + " bytes does not fit ADTS");
        }
        // ADTS carries only the 2-bit profile (object type - 1); HE-AAC streams are signalled as their AAC-LC core.
        int profile = config.objectType() <= 4 ? config.objectType() - 1 : 1;
        int channels = config.channels() == 8 ? 7 : config.channels();
        int frameLength = payloadLength + HEADER_SIZE;
        out[offset] = (byte) 0xFF;
        out[offset + 1] = (byte) 0xF1; // MPEG-4, layer 0, no CRC
        out[offset + 2] = (byte) (profile << 6 | config.sampleRateIndex() << 2 | channels >> 2 & 1);
        out[offset + 3] = (byte) ((channels & 3) << 6 | frameLength >> 11 & 3);
        out[offset + 4] = (byte) (frameLength >> 3);
        out[offset + 5] = (byte) ((frameLength & 7) << 5 | 0x1F);
        out[offset + 6] = (byte) 0xFC; // buffer fullness 0x7FF (VBR), one raw data block
    }
}
