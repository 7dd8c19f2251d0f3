package io.braid.media.aac;

import io.braid.media.MalformedMediaException;
import java.util.Arrays;

/**
 * The first fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 section 1.6.2.1), the body of an FLV "AAC
 * sequence header": enough to write ADTS headers and to describe the stream. {@code bytes} is the whole config as it
 * came, extensions (SBR, PS) included, for writers that pass it on (FLV, fMP4).
 */
public record AudioSpecificConfig(int objectType, int sampleRateIndex, int sampleRate, int channels, byte[] bytes) {
    static final int[] SAMPLE_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    public static AudioSpecificConfig parse(byte[] data, int offset, int length) {
        if (length < 2 || offset < 0 || offset + length > data.length) {
            throw new MalformedMediaException("AudioSpecificConfig shorter than 2 bytes");
        }
        int bits = (data[offset] & 0xFF) << 8 | data[offset + 1] & 0xFF;
        int objectType = bits >>> 11;
        int index = bits >>> 7 & 0x0F;
        int channels = bits >>> 3 & 0x0F;
        if (objectType == 0 || objectType == 31) {
            throw new MalformedMediaException("AudioSpecificConfig: audio object type " + objectType + " is not supported");
        }
        if (index >= SAMPLE_RATES.length) {
            throw new MalformedMediaException("AudioSpecificConfig: sampling frequency index " + index + " is not supported");
        }
        if (channels == 0 || channels > 7) {
            throw new MalformedMediaException("AudioSpecificConfig: channel configuration " + channels + " is not supported");
        }
        return new AudioSpecificConfig(objectType, index, SAMPLE_RATES[index], channels == 7 ? 8 : channels,
                Arrays.copyOfRange(data, offset, offset + length));
    }

    /** The two-byte config an ADTS header stands for (ADTS carries the profile as object type minus one). */
    public static AudioSpecificConfig ofAdts(int profile, int sampleRateIndex, int channelConfiguration) {
        int bits = (profile + 1) << 11 | sampleRateIndex << 7 | channelConfiguration << 3;
        return parse(new byte[] {(byte) (bits >>> 8), (byte) bits}, 0, 2);
    }

    /** RFC 6381 codec string, e.g. mp4a.40.2. */
    public String codecString() {
        return "mp4a.40." + objectType;
    }

    /** Duration of one AAC frame (1024 samples) in ms. */
    public double frameDurationMs() {
        return 1024_000.0 / sampleRate;
    }

    /** Same stream parameters: a repeated config (each ADTS header restates it) is not a change. */
    public boolean sameAs(AudioSpecificConfig other) {
        return other != null && Arrays.equals(bytes, other.bytes);
    }
}
