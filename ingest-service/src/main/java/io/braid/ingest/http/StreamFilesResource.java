package io.braid.ingest.http;

import io.braid.core.api.Result;
import io.braid.core.hls.HlsFile;
import io.braid.ingest.stream.LiveStreams;
import io.braid.media.ChunkedBytes;
import io.braid.media.hls.HlsPackager;
import io.braid.media.hls.HlsSegment;
import io.braid.media.hls.MasterPlaylist;
import java.util.ArrayList;
import java.util.List;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Optional;

/**
 * Origin HTTP for HLS, at Ant Media's paths: {@code /{app}/streams/{streamId}.m3u8} and the segments it lists
 * ({@code {streamId}{sequence:09d}.ts}). A playlist answers 404 until its first segment exists. Playlists may be cached for one second while live; segments never change
 * and are cached for good, which is what lets edges and CDNs absorb the viewers. Requests are counted by kind, so
 * the effect of edge caching and coalescing can be seen from here.
 */
@Path("/{app}/streams")
public class StreamFilesResource {
    static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    static final String SEGMENT_TYPE = "video/mp2t";

    @Inject
    LiveStreams streams;
    @Inject
    MeterRegistry metrics;

    @GET
    @Path("/{file}")
    public Response file(@PathParam("app") String app, @PathParam("file") String file) {
        if (!HlsFile.isAppName(app)) {
            return notFound("no such application: " + app);
        }
        Optional<HlsFile> hls = HlsFile.parse(file);
        metrics.counter("braid_origin_http_requests", "kind", hls.map(h -> h.playlist() ? "playlist" : "segment").orElse("other")).increment();
        if (hls.isEmpty()) {
            return notFound("not an HLS playlist or segment name: " + file);
        }
        String streamId = hls.get().streamId();
        if (hls.get().playlist() && HlsFile.isMaster(streamId)) {
            return master(app, hls.get().source());
        }
        if (hls.get().playlist()) {
            Optional<HlsPackager.Snapshot> snapshot = streams.hls(app, streamId);
            if (snapshot.isEmpty()) {
                return notFound("no HLS stream " + app + "/" + streamId + " on this origin");
            }
            HlsPackager.Snapshot s = snapshot.get();
            if (s.retained().isEmpty()) {
                // A playlist without a segment makes players give up (ffprobe exits 0 having found no stream); a 404
                // makes them retry, and the first segment is at most one segment duration away.
                return notFound("stream " + app + "/" + streamId + " has no segment yet; try again in a moment");
            }
            return Response.ok(s.playlist(), PLAYLIST_TYPE)
                    .header("Cache-Control", s.ended() ? "public, max-age=10" : "public, max-age=1").build();
        }
        Optional<HlsSegment> found = streams.hls(app, streamId).flatMap(s -> s.segment(file));
        if (found.isEmpty()) {
            return notFound("segment " + file + " is not (or no longer) held by this origin");
        }
        ChunkedBytes data = found.get().data();
        // Held until written: the packager hands a segment's chunks back for reuse when it leaves the window.
        if (!data.retain()) {
            return notFound("segment " + file + " is no longer held by this origin");
        }
        StreamingOutput body = out -> {
            try {
                data.writeTo(out);
            } finally {
                data.release();
            }
        };
        return Response.ok(body, SEGMENT_TYPE).header("Content-Length", data.length())
                .header("Cache-Control", "public, max-age=31536000, immutable").build();
    }

    /**
     * The ABR master: the source (unless {@code addOriginalMuxerIntoHLSPlaylist} is false) and each rendition that has
     * a segment, highest bandwidth first. Renditions appear as the transcoder's first segments are cut, so the master
     * is cached for one second only.
     */
    private Response master(String app, String streamId) {
        List<MasterPlaylist.Variant> variants = new ArrayList<>();
        for (LiveStreams.Variant v : streams.variants(app, streamId)) {
            MasterPlaylist.Variant measured = MasterPlaylist.Variant.of(v.streamId() + ".m3u8", v.hls());
            if (measured != null) {
                variants.add(measured);
            }
        }
        if (variants.isEmpty()) {
            return notFound("no ABR variants of " + app + "/" + streamId + " on this origin");
        }
        return Response.ok(MasterPlaylist.render(MasterPlaylist.byBandwidth(variants)), PLAYLIST_TYPE)
                .header("Cache-Control", "public, max-age=1").build();
    }

    private static Response notFound(String message) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON).entity(Result.error(message)).build();
    }
}
