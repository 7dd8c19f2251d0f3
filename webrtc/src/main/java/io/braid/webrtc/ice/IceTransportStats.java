package io.braid.webrtc.ice;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts of what arrived on the ICE transports and what was dropped, for metrics and tests. */
public final class IceTransportStats {
    private final Map<StunResponder.Outcome, LongAdder> stun = new EnumMap<>(StunResponder.Outcome.class);
    /** Non-STUN datagrams from an address no check has passed, or of no known kind. */
    public final LongAdder unknownSource = new LongAdder();
    public final LongAdder datagramsIn = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder datagramsOut = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();

    public IceTransportStats() {
        for (StunResponder.Outcome o : StunResponder.Outcome.values()) {
            stun.put(o, new LongAdder());
        }
    }

    void stun(StunResponder.Outcome outcome) {
        stun.get(outcome).increment();
    }

    public long stunCount(StunResponder.Outcome outcome) {
        return stun.get(outcome).sum();
    }
}
