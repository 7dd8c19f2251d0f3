package io.braid.agent.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBatchTest {
    private record Sent(String topic, String key, Object event, String thread) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    private void record(String topic, String key, Object event) {
        sent.add(new Sent(topic, key, event, Thread.currentThread().getName()));
    }

    @Test
    void eventsWaitForTheBurstAndGoInOrderFromTheBatchsThread() throws InterruptedException {
        CountDownLatch flushed = new CountDownLatch(1);
        try (EventBatch batch = new EventBatch((t, k, e) -> {
            record(t, k, e);
            if (sent.size() == 3) {
                flushed.countDown();
            }
        }, Duration.ofMillis(50), 100)) {
            batch.add("segments", "LiveApp/a", 1);
            batch.add("segments", "LiveApp/b", 2);
            batch.add("segments", "LiveApp/a", 3);
            assertTrue(flushed.await(5, TimeUnit.SECONDS), "sent within a few periods");
        }
        assertEquals(List.of(1, 2, 3), sent.stream().map(Sent::event).toList());
        assertEquals(List.of("LiveApp/a", "LiveApp/b", "LiveApp/a"), sent.stream().map(Sent::key).toList());
        assertTrue(sent.stream().allMatch(s -> s.thread().equals("braid-event-batch")), "sent by the batch's thread: " + sent);
    }

    @Test
    void closingSendsWhatIsStillQueued() {
        EventBatch batch = new EventBatch(this::record, Duration.ofHours(1), 100);
        batch.add("segments", "k", "e1");
        batch.add("segments", "k", "e2");
        assertEquals(2, batch.pending());
        assertTrue(sent.isEmpty(), "an hour's period: nothing yet");
        batch.close();
        assertEquals(List.of("e1", "e2"), sent.stream().map(Sent::event).toList());
        assertEquals(0, batch.pending());
    }

    @Test
    void beyondTheLimitNewEventsAreDroppedAndTheQueueStaysBounded() {
        EventBatch batch = new EventBatch(this::record, Duration.ofHours(1), 3);
        for (int i = 0; i < 10; i++) {
            batch.add("segments", "k", i);
        }
        assertEquals(3, batch.pending());
        assertEquals(3, batch.flush());
        assertEquals(List.of(0, 1, 2), sent.stream().map(Sent::event).toList(), "the first ones kept, in order");
        batch.add("segments", "k", 10);
        assertEquals(1, batch.flush(), "room again once sent");
        batch.close();
    }

    @Test
    void aSinkThatFailsLosesThatEventOnlyAndTheScheduleGoesOn() throws InterruptedException {
        CountDownLatch second = new CountDownLatch(1);
        List<Object> seen = new ArrayList<>();
        try (EventBatch batch = new EventBatch((t, k, e) -> {
            synchronized (seen) {
                seen.add(e);
            }
            if (e.equals("bad")) {
                throw new IllegalStateException("Kafka said no");
            }
            second.countDown();
        }, Duration.ofMillis(20), 100)) {
            batch.add("segments", "k", "bad");
            batch.add("segments", "k", "good");
            assertTrue(second.await(5, TimeUnit.SECONDS), "the schedule survived the failure");
        }
        synchronized (seen) {
            assertEquals(List.of("bad", "good"), seen);
        }
    }
}
