package io.braid.media.opus;

import io.braid.media.MalformedMediaException;

/**
 * What an Opus packet's table-of-contents byte says (RFC 6716 section 3.1): how much audio the packet carries, so a
 * relay can give each packet a sample-exact timestamp however coarse the clock it came with (RTMP's milliseconds).
 */
public final class OpusPacket {
    /** Samples at 48 kHz of one frame, by the TOC's configuration number (0-31). */
    private static final int[] FRAME_SAMPLES = {
        480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880, // SILK: 10, 20, 40, 60 ms
        480, 960, 480, 960, // hybrid: 10, 20 ms
        120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960 // CELT: 2.5, 5, 10, 20 ms
    };
    /** RFC 6716: a packet carries at most 120 ms. */
    public static final int MAX_SAMPLES = 5760;

    private OpusPacket() {
    }

    /** Samples per channel at 48 kHz in the packet at {@code data[offset, offset+length)}. */
    public static int samples48k(byte[] data, int offset, int length) {
        if (length < 1) {
            throw new MalformedMediaException("an empty Opus packet");
        }
        int toc = data[offset] & 0xFF;
        int frame = FRAME_SAMPLES[toc >> 3];
        int frames = switch (toc & 0x03) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> {
                if (length < 2) {
                    throw new MalformedMediaException("an Opus code 3 packet without its frame count");
                }
                yield data[offset + 1] & 0x3F;
            }
        };
        int samples = frame * frames;
        if (frames == 0 || samples > MAX_SAMPLES) {
            throw new MalformedMediaException("an Opus packet of " + frames + " frames of " + frame + " samples");
        }
        return samples;
    }
}
