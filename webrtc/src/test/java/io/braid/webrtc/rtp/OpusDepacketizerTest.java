package io.braid.webrtc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.braid.media.MalformedMediaException;
import org.junit.jupiter.api.Test;

class OpusDepacketizerTest {
    static ReceivedRtp rtp(byte... payload) {
        byte[] b = RtpPacket.of(111, false, 1, 960, 5, payload, 0, payload.length).bytes();
        return ReceivedRtp.parse(b, 0, b.length);
    }

    @Test
    void thePayloadIsTheOpusPacket() {
        byte[] packet = {(byte) 0xFC, (byte) 0xFF, (byte) 0xFE}; // CELT 20 ms, one frame
        assertArrayEquals(packet, OpusDepacketizer.packet(rtp(packet)));
    }

    @Test
    void emptyOrOverlongPacketsAreRefused() {
        assertThrows(MalformedMediaException.class, () -> OpusDepacketizer.packet(rtp()));
        assertThrows(MalformedMediaException.class, () -> OpusDepacketizer.packet(rtp((byte) 0xFF)), "code 3 without its count");
        // code 3, 20 ms frames: 6 of them make 120 ms (allowed), 7 do not
        OpusDepacketizer.packet(rtp((byte) 0xFF, (byte) 6));
        assertThrows(MalformedMediaException.class, () -> OpusDepacketizer.packet(rtp((byte) 0xFF, (byte) 7)));
        assertThrows(MalformedMediaException.class, () -> OpusDepacketizer.packet(rtp((byte) 0xFF, (byte) 0)));
    }
}
