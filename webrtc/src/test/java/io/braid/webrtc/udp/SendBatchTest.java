package io.braid.webrtc.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which datagrams {@link SendBatch} joins into one segmented run, and which start a message of their own. */
class SendBatchTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 5000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 5001);

    /** Adds each like the socket's sender does (extend the last run if it can, else a new message); the runs' sizes. */
    private static List<Integer> runs(int[] lengths, InetSocketAddress[] to) {
        try (Arena arena = Arena.ofConfined()) {
            SendBatch batch = new SendBatch(arena);
            for (int i = 0; i < lengths.length; i++) {
                SendBatch.Outgoing o = new SendBatch.Outgoing(new byte[lengths[i] + 3], 3, lengths[i], to[i]);
                if (!batch.extend(o)) {
                    assertFalse(batch.full(o.length()));
                    assertTrue(batch.add(o, LinuxLibc.AF_INET));
                }
            }
            List<Integer> runs = new ArrayList<>();
            for (int i = 0; i < batch.count(); i++) {
                runs.add(batch.datagrams(i));
            }
            return runs;
        }
    }

    private static InetSocketAddress[] all(InetSocketAddress to, int n) {
        InetSocketAddress[] a = new InetSocketAddress[n];
        java.util.Arrays.fill(a, to);
        return a;
    }

    @Test
    void aRunIsEqualDatagramsToOneAddressEndedByAShorterOne() {
        assertEquals(List.of(4, 2), runs(new int[] {1100, 1100, 1100, 700, 700, 700}, all(A, 6)));
    }

    @Test
    void aLongerDatagramOrAnotherAddressStartsANewMessage() {
        assertEquals(List.of(2, 1), runs(new int[] {900, 900, 1000}, all(A, 3)));
        assertEquals(List.of(1, 1, 1), runs(new int[] {900, 900, 900}, new InetSocketAddress[] {A, B, A}));
        // an equal address, not the same object, joins
        assertEquals(List.of(2), runs(new int[] {900, 900}, new InetSocketAddress[] {A, new InetSocketAddress("127.0.0.1", 5000)}));
    }

    @Test
    void runsStayWithinTheKernelsLimits() {
        int[] small = new int[70];
        java.util.Arrays.fill(small, 100);
        assertEquals(List.of(SendBatch.MAX_SEGMENTS, 6), runs(small, all(A, 70)));
        int[] big = new int[60];
        java.util.Arrays.fill(big, 1100);
        int perRun = SendBatch.MAX_RUN_BYTES / 1100;
        assertEquals(List.of(perRun, 60 - perRun), runs(big, all(A, 60)));
    }

    @Test
    void aBatchIsFullAtItsCapacityAndRefusesAnAddressOfTheOtherFamily() {
        try (Arena arena = Arena.ofConfined()) {
            SendBatch batch = new SendBatch(arena);
            InetSocketAddress v6 = new InetSocketAddress("::1", 5000);
            assertFalse(batch.add(new SendBatch.Outgoing(new byte[10], 0, 10, v6), LinuxLibc.AF_INET));
            assertEquals(0, batch.count());
            for (int i = 0; i < SendBatch.CAPACITY; i++) {
                assertFalse(batch.full(10));
                assertTrue(batch.add(new SendBatch.Outgoing(new byte[10], 0, 10, i % 2 == 0 ? A : B), LinuxLibc.AF_INET));
            }
            assertTrue(batch.full(10));
            batch.clear();
            assertFalse(batch.full(10));
        }
    }
}
