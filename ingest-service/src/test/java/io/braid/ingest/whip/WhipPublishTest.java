package io.braid.ingest.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.braid.core.broadcast.LinkStats;
import io.braid.ingest.stream.Admission;
import io.braid.ingest.stream.LiveStream;
import io.braid.ingest.stream.PublishLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A WHIP publish before its session connects: what arrives then (media, reports, timer ticks) starts nothing, and a
 * publisher that never connects gives its claim back once, however often its end is reported. The connected path,
 * which needs a real DTLS session, runs end to end in WhipIT and WhipBrowserIT.
 */
class WhipPublishTest {
    private static final Admission.Granted GRANTED = new Admission.Granted("LiveApp", "w1", "session-1", null, true, null);

    /** Records what the publish asked of the gate. */
    private static final class Gate implements PublishLifecycle {
        final List<String> calls = new ArrayList<>();

        @Override
        public LiveStream start(Admission.Granted granted, String protocol, Supplier<LinkStats> link) {
            calls.add("start " + granted.streamId() + " " + protocol);
            throw new AssertionError("a publish that never connected must not start its stream");
        }

        @Override
        public void abandon(Admission.Granted granted, String protocol) {
            calls.add("abandon " + granted.streamId() + " " + protocol);
        }
    }

    private final Gate gate = new Gate();
    private final List<WhipPublish> ended = new ArrayList<>();
    private final WhipPublish publish = new WhipPublish(GRANTED, gate, 128_000, 10_000_000_000L, ended::add);

    @Test
    void mediaReportsAndTicksBeforeTheSessionConnectsStartNothing() {
        byte[] rtp = new byte[] {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x65};
        publish.rtp(null, rtp, rtp.length);
        publish.rtcp(null, List.of());
        publish.tick(System.nanoTime() + 60_000_000_000L); // long past the media timeout: still nothing to cut off
        assertEquals(WhipPublish.State.ADMITTED, publish.state());
        assertEquals(List.of(), gate.calls);
        assertEquals(null, publish.figures(), "no figures before media");
        assertEquals(List.of(), ended);
    }

    @Test
    void aPublisherThatNeverConnectsGivesItsClaimBackOnce() {
        publish.closed(null, "ICE never completed");
        publish.closed(null, "closed again");
        assertEquals(WhipPublish.State.ENDED, publish.state());
        assertEquals(List.of("abandon w1 WebRTC"), gate.calls);
        assertEquals(List.of(publish), ended, "the origin is told once, so that it forgets the session");
        publish.connected(null); // a late connect after the end changes nothing
        assertEquals(List.of("abandon w1 WebRTC"), gate.calls);
    }
}
