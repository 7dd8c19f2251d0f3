package io.braid.core.transcode;

import java.util.List;

/**
 * A transcoder's call to the registry: {@code jobs} are the keys ({@code app/streamId}) of the jobs it runs, renewed
 * by this call; {@code accepting} says whether it may take a new one (its resource limits and speed allow it).
 */
public record LeaseRequest(String nodeId, List<String> jobs, boolean accepting) {
}
