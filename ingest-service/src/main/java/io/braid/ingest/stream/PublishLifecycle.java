package io.braid.ingest.stream;

import io.braid.core.broadcast.LinkStats;
import java.util.function.Supplier;

/**
 * What an ingest does with a publish {@link PublishGate} granted: start its stream once media can flow, or give the
 * claim back when it never will. {@link PublishGate} is the one implementation; a protocol's session logic takes this
 * seam so that its own tests can see which of the two happened, and how often.
 */
public interface PublishLifecycle {
    /** Starts packaging a granted publish. @param link the link's figures (SRT, WHIP), or null */
    LiveStream start(Admission.Granted granted, String protocol, Supplier<LinkStats> link);

    /** A granted publish that will not start after all (its connection failed): its claim and reservation go. */
    void abandon(Admission.Granted granted, String protocol);
}
