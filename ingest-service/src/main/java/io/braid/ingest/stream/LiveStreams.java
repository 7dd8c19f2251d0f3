package io.braid.ingest.stream;

import io.braid.core.event.Topics;
import io.braid.media.ChunkPool;
import io.braid.media.hls.HlsOptions;
import io.braid.media.hls.HlsPackager;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    private record Ended(HlsPackager hls, long endedAt, String source, boolean originalInMaster) {
    }

    @ConfigProperty(name = "braid.hls.keep-after-end", defaultValue = "60s")
    Duration keepAfterEnd;

    /**
     * Every stream's segment chunks, reused as segments leave their playlists (see {@link ChunkPool}). At most 1,024
     * spares (64 MB) wait: live streams release chunks about as fast as they take them, so few do.
     */
    private final ChunkPool segmentChunks = new ChunkPool(1024);
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
        return new HlsPackager(streamId, options, first, System::currentTimeMillis, listener, segmentChunks);
    }

    /**
     * A packager for a rendition of {@code source}: always a new one that follows the source's segment starts and
     * numbers (an ended rendition's playlist is dropped; its numbers came from the source and are never reused).
     */
    public HlsPackager renditionPackager(String app, String rendition, HlsPackager source, HlsPackager.Listener listener) {
        ended.remove(Topics.streamKey(app, rendition));
        return HlsPackager.following(source, rendition, source.options(), System::currentTimeMillis, listener);
    }

    /**
     * The packagers of a stream's ABR variants held here, live or recently ended: the source first (when it is to be
     * listed), then its renditions.
     */
    public List<Variant> variants(String app, String streamId) {
        List<Variant> variants = new ArrayList<>();
        LiveStream source = live.get(Topics.streamKey(app, streamId));
        Ended sourceEnded = ended.get(Topics.streamKey(app, streamId));
        if (source != null && source.hls() != null && source.originalInMaster()) {
            variants.add(new Variant(streamId, source.hls()));
        } else if (source == null && sourceEnded != null && sourceEnded.originalInMaster()) {
            variants.add(new Variant(streamId, sourceEnded.hls()));
        }
        String prefix = Topics.streamKey(app, streamId) + "_";
        for (LiveStream s : live.values()) {
            if (s.isRendition() && s.app().equals(app) && streamId.equals(s.source()) && s.hls() != null) {
                variants.add(new Variant(s.streamId(), s.hls()));
            }
        }
        for (Map.Entry<String, Ended> e : ended.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(prefix) && e.getValue().source() != null && e.getValue().source().equals(streamId) && !live.containsKey(key)) {
                variants.add(new Variant(key.substring(app.length() + 1), e.getValue().hls()));
            }
        }
        return variants;
    }

    /** One variant of an ABR master: its stream name and packager. */
    public record Variant(String streamId, HlsPackager hls) {
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
                ended.put(key, new Ended(stream.hls(), System.currentTimeMillis(), stream.source(), stream.originalInMaster()));
            }
        }
    }

    public Optional<LiveStream> live(String app, String streamId) {
        return Optional.ofNullable(live.get(Topics.streamKey(app, streamId)));
    }

    public Collection<LiveStream> all() {
        return live.values();
    }

    /** Published streams of an app live here (renditions are not counted against {@code ingestingStreamLimit}). */
    public long liveCount(String app) {
        return live.values().stream().filter(s -> s.app().equals(app) && !s.isRendition()).count();
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
