package io.braid.webrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpParserTest {
    @Test
    void writerPacketsReadBack() throws RtcpException {
        ReportBlock block = new ReportBlock(0x11, 25, -3, 70_000, 12, 0x12345678L, 0x10000L);
        byte[] compound = new RtcpWriter()
                .senderReport(0xAA, 0x0102030405060708L, 90_000, 10, 12_000)
                .cname(0xAA, "braid-edge")
                .receiverReport(0xBB, List.of(block))
                .nack(0xBB, 0xAA, List.of(100, 101, 105, 116, 117, 200))
                .pictureLoss(0xBB, 0xAA)
                .fullIntraRequest(0xBB, 0xAA, 3)
                .goodbye(0xAA)
                .build();
        List<RtcpPacket> packets = RtcpParser.parse(compound, 0, compound.length);
        assertEquals(7, packets.size());
        RtcpPacket.SenderReport sr = assertInstanceOf(RtcpPacket.SenderReport.class, packets.get(0));
        assertEquals(0x0102030405060708L, sr.ntpTime());
        assertEquals(12_000, sr.octets());
        assertEquals(List.of(0xAA), assertInstanceOf(RtcpPacket.SourceDescription.class, packets.get(1)).ssrcs());
        RtcpPacket.ReceiverReport rr = assertInstanceOf(RtcpPacket.ReceiverReport.class, packets.get(2));
        assertEquals(List.of(block), rr.reports());
        assertEquals(List.of(100, 101, 105, 116, 117, 200), assertInstanceOf(RtcpPacket.Nack.class, packets.get(3)).lost());
        assertEquals(0xAA, assertInstanceOf(RtcpPacket.PictureLoss.class, packets.get(4)).mediaSsrc());
        assertEquals(List.of(0xAA), assertInstanceOf(RtcpPacket.FullIntraRequest.class, packets.get(5)).mediaSsrcs());
        assertEquals(List.of(0xAA), assertInstanceOf(RtcpPacket.Goodbye.class, packets.get(6)).ssrcs());
        assertTrue(RtcpParser.isRtcp(compound, 0, compound.length));
    }

    @Test
    void rembAndTransportFeedbackFromChrome() throws RtcpException {
        // PSFB FMT 15 "REMB", 1 SSRC, exponent 2, mantissa 0x3ffff -> 1,048,572 bit/s; then a TWCC header.
        byte[] remb = HexFormat.of().parseHex("8fce0005" + "00000001" + "00000000" + "52454d42" + "010bffff" + "000000aa");
        RtcpPacket.ReceiverEstimate e = assertInstanceOf(RtcpPacket.ReceiverEstimate.class, RtcpParser.parse(remb, 0, remb.length).get(0));
        assertEquals(0x3ffffL << 2, e.bitsPerSecond());
        assertEquals(List.of(0xAA), e.ssrcs());
        byte[] twcc = HexFormat.of().parseHex("8fcd0005" + "00000001" + "000000aa" + "00640003" + "00001001" + "20030000");
        RtcpPacket.TransportFeedback t = assertInstanceOf(RtcpPacket.TransportFeedback.class, RtcpParser.parse(twcc, 0, twcc.length).get(0));
        assertEquals(100, t.baseSequence());
        assertEquals(3, t.statusCount());
        assertEquals(1, t.feedbackCount());
    }

    @Test
    void roundTripFromAReportBlock() {
        ReportBlock r = new ReportBlock(1, 0, 0, 0, 0, 0x00010000L, 0x00008000L);
        assertEquals(500.0, r.roundTripMillis(0x00020000L), 0.01);
        assertEquals(-1, new ReportBlock(1, 0, 0, 0, 0, 0, 0).roundTripMillis(5));
    }

    @Test
    void lyingLengthsAreRefused() {
        byte[] pli = new RtcpWriter().pictureLoss(1, 2).build();
        byte[] longer = pli.clone();
        longer[3] = 9;
        assertThrows(RtcpException.class, () -> RtcpParser.parse(longer, 0, longer.length));
        byte[] truncated = Arrays.copyOf(pli, 6);
        assertThrows(RtcpException.class, () -> RtcpParser.parse(truncated, 0, truncated.length));
        byte[] rr = new RtcpWriter().receiverReport(1, List.of(new ReportBlock(1, 0, 0, 0, 0, 0, 0))).build();
        rr[0] = (byte) 0x85; // claims 5 report blocks
        assertThrows(RtcpException.class, () -> RtcpParser.parse(rr, 0, rr.length));
    }

    @Test
    void mutatedCompoundsAreParsedOrRefusedNeverAnythingElse() {
        byte[] base = new RtcpWriter().senderReport(1, 2, 3, 4, 5).cname(1, "x").receiverReport(2, List.of(new ReportBlock(1, 2, 3, 4, 5, 6, 7)))
                .nack(2, 1, List.of(5, 6, 7)).pictureLoss(2, 1).goodbye(1).build();
        Random random = new Random(3550);
        for (int round = 0; round < 50_000; round++) {
            byte[] m = base.clone();
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(m.length + 1) : m.length;
            try {
                List<RtcpPacket> parsed = RtcpParser.parse(m, 0, length);
                for (RtcpPacket p : parsed) {
                    if (p instanceof RtcpPacket.Nack nack && nack.lost().size() > RtcpParser.MAX_NACKED) {
                        fail("unbounded NACK");
                    }
                }
            } catch (RtcpException expected) {
                // refused
            } catch (RuntimeException e) {
                fail("round " + round + ": " + e);
            }
        }
    }
}
