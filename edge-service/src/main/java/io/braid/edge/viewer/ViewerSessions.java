package io.braid.edge.viewer;

import io.braid.core.cluster.StreamViewers;
import io.braid.core.event.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The edge's HLS viewers: a session is one player (its {@code session} query value, else client address + user
 * agent) that made a request in the last {@code sessionTimeoutMs} (20 s, as Ant Media counts). Counting per session,
 * not per request, is what keeps a player that polls a playlist every second one viewer. Thread-safe; every method
 * is short and allocation-light because it runs on each viewer request.
 *
 * <p>Memory is bounded: at most {@code maxSessions} sessions exist at once, and a new one over that is refused as
 * if the viewer limit were reached.
 */
public final class ViewerSessions {
    /** One viewer of one stream. */
    public record Session(String app, String streamId, String key, String clientAddress, String userAgent,
                          long startedAt, long lastSeenAt, long bytes) {
        public long durationMs() {
            return lastSeenAt - startedAt;
        }
    }

    /** What a request may do: go ahead (and whether it started a session), or be refused with a reason. */
    public record Admission(boolean allowed, Session started, String refusal) {
        static final Admission CONTINUES = new Admission(true, null, null);
    }

    private static final class Watched {
        final Map<String, Session> sessions = new HashMap<>();
        long lastRequestAt;
        int reported;
    }

    private final long sessionTimeoutMs;
    private final long watchWindowMs;
    private final int maxSessions;
    private final LongSupplier clock;
    private final Map<String, Watched> streams = new HashMap<>();
    private int sessionCount;

    public ViewerSessions(long sessionTimeoutMs, long watchWindowMs, int maxSessions, LongSupplier clock) {
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.watchWindowMs = watchWindowMs;
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    /**
     * Records a request of a viewer. A viewer that is not in session yet starts one only if the stream's viewers
     * across the cluster stay within {@code limit} (negative = no limit).
     *
     * @param othersInCluster viewers of this stream on other edges, as far as this edge knows
     */
    public synchronized Admission request(String app, String streamId, String key, String clientAddress, String userAgent,
                                          int limit, int othersInCluster) {
        long now = clock.getAsLong();
        Watched w = streams.computeIfAbsent(Topics.streamKey(app, streamId), k -> new Watched());
        w.lastRequestAt = now;
        Session s = w.sessions.get(key);
        if (s != null) {
            // Still in session (the sweep ends sessions a timeout after their last request, checking every second).
            w.sessions.put(key, new Session(app, streamId, key, s.clientAddress(), s.userAgent(), s.startedAt(), now, s.bytes()));
            return Admission.CONTINUES;
        }
        if (limit >= 0 && othersInCluster + w.sessions.size() >= limit) {
            return new Admission(false, null, "viewerLimitReached: " + app + "/" + streamId + " has its limit of " + limit + " HLS viewers");
        }
        if (sessionCount >= maxSessions) {
            return new Admission(false, null, "viewerLimitReached: this edge serves its maximum of " + maxSessions + " sessions");
        }
        Session started = new Session(app, streamId, key, clientAddress, userAgent, now, now, 0);
        w.sessions.put(key, started);
        sessionCount++;
        return new Admission(true, started, null);
    }

    /** Adds bytes sent to a viewer's session. */
    public synchronized void sent(String app, String streamId, String key, long bytes) {
        Watched w = streams.get(Topics.streamKey(app, streamId));
        Session s = w == null ? null : w.sessions.get(key);
        if (s != null) {
            w.sessions.put(key, new Session(app, streamId, key, s.clientAddress(), s.userAgent(), s.startedAt(), s.lastSeenAt(), s.bytes() + bytes));
        }
    }

    /** Ends the sessions without a request for the timeout and forgets streams unwatched for the watch window. */
    public synchronized List<Session> expire() {
        long now = clock.getAsLong();
        List<Session> ended = new ArrayList<>();
        for (Iterator<Watched> it = streams.values().iterator(); it.hasNext(); ) {
            Watched w = it.next();
            for (Iterator<Session> sessions = w.sessions.values().iterator(); sessions.hasNext(); ) {
                Session s = sessions.next();
                if (now - s.lastSeenAt() > sessionTimeoutMs) {
                    ended.add(s);
                    sessions.remove();
                    sessionCount--;
                }
            }
            if (w.sessions.isEmpty() && now - w.lastRequestAt > watchWindowMs) {
                it.remove();
            }
        }
        return ended;
    }

    /** Ends every session (the edge is shutting down). */
    public synchronized List<Session> endAll() {
        List<Session> ended = new ArrayList<>();
        streams.values().forEach(w -> ended.addAll(w.sessions.values()));
        streams.clear();
        sessionCount = 0;
        return ended;
    }

    /** Whether the stream had a viewer request within the watch window (30 s): worth prefetching for. A window of 0 turns prefetch off. */
    public synchronized boolean watched(String app, String streamId) {
        Watched w = streams.get(Topics.streamKey(app, streamId));
        return watchWindowMs > 0 && w != null && clock.getAsLong() - w.lastRequestAt <= watchWindowMs;
    }

    public synchronized int viewers(String app, String streamId) {
        Watched w = streams.get(Topics.streamKey(app, streamId));
        return w == null ? 0 : w.sessions.size();
    }

    /** The count this edge last put in a heartbeat for the stream: its own share of the registry's total. */
    public synchronized int reported(String app, String streamId) {
        Watched w = streams.get(Topics.streamKey(app, streamId));
        return w == null ? 0 : w.reported;
    }

    public synchronized int total() {
        return sessionCount;
    }

    /** Per-stream counts of the streams with viewers (for metrics); does not change what counts as reported. */
    public synchronized List<StreamViewers> counts() {
        List<StreamViewers> counts = new ArrayList<>();
        for (Watched w : streams.values()) {
            if (!w.sessions.isEmpty()) {
                Session any = w.sessions.values().iterator().next();
                counts.add(new StreamViewers(any.app(), any.streamId(), w.sessions.size(), 0));
            }
        }
        return counts;
    }

    /** Per-stream counts for a heartbeat, busiest first, at most {@code max} streams; remembered as reported. */
    public synchronized List<StreamViewers> report(int max) {
        streams.values().forEach(w -> w.reported = 0);
        List<StreamViewers> counts = counts();
        counts.sort(Comparator.comparingInt(StreamViewers::hls).reversed());
        List<StreamViewers> kept = counts.size() > max ? counts.subList(0, max) : counts;
        for (StreamViewers v : kept) {
            streams.get(Topics.streamKey(v.app(), v.streamId())).reported = v.hls();
        }
        return List.copyOf(kept);
    }
}
