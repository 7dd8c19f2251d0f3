package io.braid.ingest.stream;

import io.braid.core.event.Topics;
import io.braid.media.hls.HlsOptions;
import io.braid.media.hls.HlsPackager;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The streams this origin holds: live ones, and ended ones whose playlist (with EXT-X-ENDLIST) is still served for
 * {@code braid.hls.keep-after-end}. A stream published again within that time continues its playlist after a
 * discontinuity; later, it starts a new one whose sequence numbers are still larger than any before, so an edge
 * never sees one segment URL with two contents.
 */
@ApplicationScoped
public class LiveStreams {
    /** Sequence numbers count seconds from this instant at the start of each playlist. */
    private static final long SEQUENCE_EPOCH_S = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

    private record Ended(HlsPackager hls, long endedAt) {
    }

    @ConfigProperty(name = "braid.hls.keep-after-end", defaultValue = "60s")
    Duration keepAfterEnd;

    private final Map<String, LiveStream> live = new ConcurrentHashMap<>();
    private final Map<String, String> claiming = new ConcurrentHashMap<>();
    private final Map<String, Ended> ended = new ConcurrentHashMap<>();
    private long lastSequence;

    /** Reserves a stream key while its publish is being decided; @return false if live or being claimed here */
    public boolean reserve(String app, String streamId) {
        String key = Topics.streamKey(app, streamId);
        return !live.containsKey(key) && claiming.putIfAbsent(key, key) == null;
    }

    public void release(String app, String streamId) {
        claiming.remove(Topics.streamKey(app, streamId));
    }

    /** A packager for a new publish: the ended stream's, continued, or a new one. */
    public synchronized HlsPackager packager(String app, String streamId, HlsOptions options, HlsPackager.Listener listener) {
        Ended previous = ended.remove(Topics.streamKey(app, streamId));
        if (previous != null) {
            previous.hls().resume();
            return previous.hls();
        }
        long first = Math.max(System.currentTimeMillis() / 1000 - SEQUENCE_EPOCH_S, lastSequence + 1);
        lastSequence = first;
        return new HlsPackager(streamId, options, first, System::currentTimeMillis, listener);
    }

    public void started(LiveStream stream) {
        String key = Topics.streamKey(stream.app(), stream.streamId());
        live.put(key, stream);
        claiming.remove(key);
    }

    public void ended(LiveStream stream) {
        String key = Topics.streamKey(stream.app(), stream.streamId());
        live.remove(key, stream);
        if (stream.hls() != null) {
            synchronized (this) {
                lastSequence = Math.max(lastSequence, stream.hls().nextSequence());
                ended.put(key, new Ended(stream.hls(), System.currentTimeMillis()));
            }
        }
    }

    public Optional<LiveStream> live(String app, String streamId) {
        return Optional.ofNullable(live.get(Topics.streamKey(app, streamId)));
    }

    public Collection<LiveStream> all() {
        return live.values();
    }

    public long liveCount(String app) {
        return live.values().stream().filter(s -> s.app().equals(app)).count();
    }

    /** The playlist and segments of a live or recently ended stream. */
    public Optional<HlsPackager.Snapshot> hls(String app, String streamId) {
        String key = Topics.streamKey(app, streamId);
        LiveStream s = live.get(key);
        if (s != null && s.hls() != null) {
            return Optional.of(s.hls().snapshot());
        }
        Ended e = ended.get(key);
        return e == null ? Optional.empty() : Optional.of(e.hls().snapshot());
    }

    /** Forgets ended streams kept longer than {@code keep-after-end}. */
    public void purge(long now) {
        ended.entrySet().removeIf(e -> now - e.getValue().endedAt() > keepAfterEnd.toMillis());
    }
}
