package io.braid.edge.delivery;

import io.braid.core.hls.HlsFile;
import io.braid.edge.cache.CachedObject;
import io.braid.edge.cache.ObjectCache;
import io.braid.edge.origin.Location;
import io.braid.edge.origin.OriginFetcher;
import io.braid.edge.origin.OriginLocator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The edge's HLS objects: pulled through the cache from the stream's origin, with prefetch. A playlist is put in
 * the cache only after the newest segments it lists are in the cache too, so a player that reads a new playlist
 * finds the new segment already there: whether the playlist was refreshed because a {@code segment_ready} event
 * arrived (see {@link #refresh}) or because its short TTL ran out.
 */
@ApplicationScoped
public class EdgeContent {
    @Inject
    EdgeCache cache;
    @Inject
    OriginFetcher fetcher;
    @Inject
    OriginLocator locator;
    /** How many of a playlist's newest segments are fetched with it: players start up to 3 segments back from live. */
    @ConfigProperty(name = "braid.edge.prefetch-segments", defaultValue = "3")
    int prefetchSegments;

    /** A viewer's request (counted as a cache hit or miss). */
    public ObjectCache.Lookup lookup(Location.Live origin, String app, String file, boolean playlist) {
        return cache.objects().lookup(EdgeCache.key(app, file), () -> load(origin, app, file, playlist));
    }

    /** A new segment of the stream exists: fetch it, then the playlist that lists it, before any viewer asks. */
    public void refresh(String app, String streamId) {
        String playlist = streamId + ".m3u8";
        cache.objects().invalidate(EdgeCache.key(app, playlist));
        locator.locate(app, HlsFile.sourceOf(streamId)).thenAccept(location -> {
            if (location instanceof Location.Live live) {
                cache.objects().get(EdgeCache.key(app, playlist), () -> load(live, app, playlist, true));
            }
        });
    }

    /** Forgets the stream's cached playlist (a stream whose viewers left needs no prefetch, only no stale playlist). */
    public void invalidatePlaylist(String app, String streamId) {
        cache.objects().invalidate(EdgeCache.key(app, streamId + ".m3u8"));
    }

    private CompletableFuture<CachedObject> load(Location.Live origin, String app, String file, boolean playlist) {
        CompletableFuture<CachedObject> fetched = fetcher.fetch(origin.baseUrl(), "/" + app + "/streams/" + file, playlist);
        if (!playlist) {
            return fetched;
        }
        return fetched.thenCompose(p -> prefetchNewest(origin, app, p).thenApply(done -> p));
    }

    /** Completes when the newest listed segments are cached or failed; a failure is the viewer's to see, later. */
    private CompletableFuture<Void> prefetchNewest(Location.Live origin, String app, CachedObject playlist) {
        List<String> segments = newestSegments(playlist.text(), prefetchSegments);
        CompletableFuture<?>[] loads = new CompletableFuture<?>[segments.size()];
        for (int i = 0; i < loads.length; i++) {
            String name = segments.get(i);
            loads[i] = cache.objects().get(EdgeCache.key(app, name), () -> load(origin, app, name, false))
                    .exceptionally(failed -> null);
        }
        return CompletableFuture.allOf(loads);
    }

    /** The last {@code count} segment names of a media playlist (none for a master playlist). */
    static List<String> newestSegments(String playlist, int count) {
        List<String> names = new ArrayList<>();
        for (String line : playlist.split("\n")) {
            String uri = line.strip();
            if (uri.isEmpty() || uri.startsWith("#")) {
                continue;
            }
            Optional<HlsFile> file = HlsFile.parse(uri);
            if (file.isPresent() && !file.get().playlist()) {
                names.add(uri);
            }
        }
        return names.size() > count ? names.subList(names.size() - count, names.size()) : names;
    }
}
