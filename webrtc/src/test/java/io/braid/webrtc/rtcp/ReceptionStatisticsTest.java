package io.braid.webrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReceptionStatisticsTest {
    static final long MS = 1_000_000;

    @Test
    void evenlySpacedPacketsHaveNoLossAndNoJitter() {
        ReceptionStatistics s = new ReceptionStatistics(7, 90_000);
        for (int i = 0; i < 100; i++) {
            s.received(65_500 + i, 3000L * i, 1_000 * MS + i * 33_333_333L);
        }
        ReportBlock b = s.report(5_000 * MS);
        assertEquals(7, b.ssrc());
        assertEquals(0, b.fractionLost());
        assertEquals(0, b.cumulativeLost());
        assertEquals((1L << 16) + 65_599 - 65_536, b.highestSequence(), "one wrap: cycles in the upper 16 bits");
        assertTrue(b.jitter() <= 1, "jitter " + b.jitter());
    }

    @Test
    void lossSinceTheLastReportAndInAll() {
        ReceptionStatistics s = new ReceptionStatistics(7, 48_000);
        for (int i = 0; i < 100; i++) {
            if (i % 10 != 3) {
                s.received(i, 960L * i, i * 20 * MS);
            }
        }
        ReportBlock first = s.report(2_000 * MS);
        assertEquals(10, first.cumulativeLost());
        assertEquals(10 * 256 / 100, first.fractionLost(), "10 of 100");
        for (int i = 100; i < 200; i++) {
            s.received(i, 960L * i, i * 20 * MS);
        }
        ReportBlock second = s.report(4_000 * MS);
        assertEquals(0, second.fractionLost(), "none lost since the first report");
        assertEquals(10, second.cumulativeLost());
        // A duplicate makes received exceed expected: no negative fraction.
        s.received(199, 960L * 199, 4_001 * MS);
        assertEquals(0, s.report(4_002 * MS).fractionLost());
        assertEquals(9, s.cumulativeLost());
    }

    @Test
    void jitterFollowsArrivalsThatSwingTenMillisecondsAboutTheirSchedule() {
        ReceptionStatistics s = new ReceptionStatistics(7, 90_000);
        for (int i = 0; i < 1_000; i++) {
            long swing = i % 2 == 0 ? 0 : 10 * MS;
            s.received(i, 3000L * i, i * 33_333_333L + swing);
        }
        // |D| is 10 ms every time, so the running estimate converges on 10 ms (900 units at 90 kHz).
        assertEquals(10.0, s.jitterMillis(), 0.2);
        assertEquals(900, s.report(0).jitter(), 20);
    }

    @Test
    void theSenderWorksOutTheRoundTripFromOurBlock() throws Exception {
        ReceptionStatistics s = new ReceptionStatistics(7, 90_000);
        s.received(1, 0, 0);
        long srNtp = (1_000L << 32) | 0x8000_0000L; // 1000.5 s
        s.senderReport(srNtp, 100 * MS);
        ReportBlock b = s.report(350 * MS); // we held it for 250 ms
        assertEquals((srNtp >>> 16) & 0xFFFFFFFFL, b.lastSenderReport());
        assertEquals(250 * 65_536 / 1_000, b.delaySinceLastSenderReport());
        // The sender gets it 40 ms of network after sending its SR plus our 250 ms: a 40 ms round trip.
        long arrival = (srNtp >>> 16) + (290 * 65_536 / 1_000);
        assertEquals(40, b.roundTripMillis(arrival & 0xFFFFFFFFL), 0.1);
        // It goes out in a receiver report that our own parser reads back.
        byte[] rr = new RtcpWriter().receiverReport(99, List.of(b)).build();
        RtcpPacket.ReceiverReport parsed = (RtcpPacket.ReceiverReport) RtcpParser.parse(rr, 0, rr.length).getFirst();
        assertEquals(b, parsed.reports().getFirst());
    }
}
