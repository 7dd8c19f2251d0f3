package io.braid.edge.viewer;

import io.braid.core.cluster.StreamViewers;
import io.braid.core.event.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The edge's HLS viewers: a session is one player (its {@code session} query value, else client address + user
 * agent) that made a request in the last {@code sessionTimeoutMs} (20 s, as Ant Media counts). Counting per session,
 * not per request, is what keeps a player that polls a playlist every second one viewer. Thread-safe.
 *
 * <p>A request of a viewer already in session, nearly every request, takes no lock: two map look-ups and two field
 * writes, so counting stays off the delivery path's cost. Starting, ending and reporting sessions take the lock. A
 * request racing the sweep that ends its (20 s idle) session is counted as continuing it; its next request starts a
 * new one.
 *
 * <p>Memory is bounded: at most {@code maxSessions} sessions exist at once, and a new one over that is refused as
 * if the viewer limit were reached.
 */
public final class ViewerSessions {
    /** One viewer of one stream; its last request time and bytes sent change as it watches. */
    public static final class Session {
        private final String app;
        private final String streamId;
        private final String key;
        private final String clientAddress;
        private final String userAgent;
        private final long startedAt;
        private volatile long lastSeenAt;
        private final LongAdder bytes = new LongAdder();

        Session(String app, String streamId, String key, String clientAddress, String userAgent, long startedAt) {
            this.app = app;
            this.streamId = streamId;
            this.key = key;
            this.clientAddress = clientAddress;
            this.userAgent = userAgent;
            this.startedAt = startedAt;
            this.lastSeenAt = startedAt;
        }

        public String app() {
            return app;
        }

        public String streamId() {
            return streamId;
        }

        public String key() {
            return key;
        }

        public String clientAddress() {
            return clientAddress;
        }

        public String userAgent() {
            return userAgent;
        }

        public long startedAt() {
            return startedAt;
        }

        public long lastSeenAt() {
            return lastSeenAt;
        }

        public long bytes() {
            return bytes.sum();
        }

        public long durationMs() {
            return lastSeenAt - startedAt;
        }

        /** Adds bytes sent to this viewer. */
        public void sent(long count) {
            bytes.add(count);
        }
    }

    /**
     * What a request may do: go ahead in {@code session} (and whether it started it), or be refused with a reason.
     * {@code started} is the session when this request started it, else null.
     */
    public record Admission(boolean allowed, Session session, Session started, String refusal) {
        static Admission refused(String reason) {
            return new Admission(false, null, null, reason);
        }
    }

    private static final class Watched {
        final Map<String, Session> sessions = new ConcurrentHashMap<>();
        volatile long lastRequestAt;
        volatile int reported;
    }

    private final long sessionTimeoutMs;
    private final long watchWindowMs;
    private final int maxSessions;
    private final LongSupplier clock;
    private final Map<String, Watched> streams = new ConcurrentHashMap<>();
    private volatile int sessionCount;

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
    public Admission request(String app, String streamId, String key, String clientAddress, String userAgent,
                             int limit, int othersInCluster) {
        long now = clock.getAsLong();
        Watched w = streams.get(Topics.streamKey(app, streamId));
        Session s = w == null ? null : w.sessions.get(key);
        if (s != null) {
            // Still in session (the sweep ends sessions a timeout after their last request, checking every second).
            s.lastSeenAt = now;
            w.lastRequestAt = now;
            return new Admission(true, s, null, null);
        }
        return start(app, streamId, key, clientAddress, userAgent, limit, othersInCluster, now);
    }

    private synchronized Admission start(String app, String streamId, String key, String clientAddress, String userAgent,
                                         int limit, int othersInCluster, long now) {
        Watched w = streams.computeIfAbsent(Topics.streamKey(app, streamId), k -> new Watched());
        w.lastRequestAt = now;
        Session s = w.sessions.get(key);
        if (s != null) { // started by a request that took the lock just before this one
            s.lastSeenAt = now;
            return new Admission(true, s, null, null);
        }
        if (limit >= 0 && othersInCluster + w.sessions.size() >= limit) {
            return Admission.refused("viewerLimitReached: " + app + "/" + streamId + " has its limit of " + limit + " HLS viewers");
        }
        if (sessionCount >= maxSessions) {
            return Admission.refused("viewerLimitReached: this edge serves its maximum of " + maxSessions + " sessions");
        }
        Session started = new Session(app, streamId, key, clientAddress, userAgent, now);
        w.sessions.put(key, started);
        sessionCount++;
        return new Admission(true, started, started, null);
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
    public boolean watched(String app, String streamId) {
        Watched w = streams.get(Topics.streamKey(app, streamId));
        return watchWindowMs > 0 && w != null && clock.getAsLong() - w.lastRequestAt <= watchWindowMs;
    }

    public int viewers(String app, String streamId) {
        Watched w = streams.get(Topics.streamKey(app, streamId));
        return w == null ? 0 : w.sessions.size();
    }

    /** The count this edge last put in a heartbeat for the stream: its own share of the registry's total. */
    public int reported(String app, String streamId) {
        Watched w = streams.get(Topics.streamKey(app, streamId));
        return w == null ? 0 : w.reported;
    }

    public int total() {
        return sessionCount;
    }

    /** Per-stream counts of the streams with viewers (for metrics); does not change what counts as reported. */
    public synchronized List<StreamViewers> counts() {
        List<StreamViewers> counts = new ArrayList<>();
        for (Watched w : streams.values()) {
            Iterator<Session> any = w.sessions.values().iterator();
            if (any.hasNext()) {
                Session s = any.next();
                counts.add(new StreamViewers(s.app(), s.streamId(), w.sessions.size(), 0));
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
