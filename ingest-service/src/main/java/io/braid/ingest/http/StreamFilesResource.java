package io.braid.ingest.http;

import io.braid.core.api.Result;
import io.braid.ingest.stream.LiveStreams;
import io.braid.media.hls.HlsPackager;
import io.braid.media.hls.HlsSegment;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Origin HTTP for HLS, at Ant Media's paths: {@code /{app}/streams/{streamId}.m3u8} and the segments it lists
 * ({@code {streamId}{sequence:09d}.ts}). Playlists may be cached for one second while live; segments never change
 * and are cached for good, which is what lets edges and CDNs absorb the viewers.
 */
@Path("/{app}/streams")
public class StreamFilesResource {
    static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    static final String SEGMENT_TYPE = "video/mp2t";
    private static final Pattern PLAYLIST = Pattern.compile("([A-Za-z0-9_.\\-]{1,128})\\.m3u8");
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_.\\-]{1,128})[0-9]{9}\\.ts");
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    @Inject
    LiveStreams streams;

    @GET
    @Path("/{file}")
    public Response file(@PathParam("app") String app, @PathParam("file") String file) {
        if (!APP.matcher(app).matches()) {
            return notFound("no such application: " + app);
        }
        Matcher playlist = PLAYLIST.matcher(file);
        if (playlist.matches()) {
            Optional<HlsPackager.Snapshot> hls = streams.hls(app, playlist.group(1));
            if (hls.isEmpty()) {
                return notFound("no HLS stream " + app + "/" + playlist.group(1) + " on this origin");
            }
            HlsPackager.Snapshot s = hls.get();
            return Response.ok(s.playlist(), PLAYLIST_TYPE)
                    .header("Cache-Control", s.ended() ? "public, max-age=10" : "public, max-age=1").build();
        }
        Matcher segment = SEGMENT.matcher(file);
        if (segment.matches()) {
            Optional<HlsSegment> found = streams.hls(app, segment.group(1)).flatMap(s -> s.segment(file));
            if (found.isEmpty()) {
                return notFound("segment " + file + " is not (or no longer) held by this origin");
            }
            return Response.ok(found.get().data(), SEGMENT_TYPE)
                    .header("Cache-Control", "public, max-age=31536000, immutable").build();
        }
        return notFound("not an HLS playlist or segment name: " + file);
    }

    private static Response notFound(String message) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON).entity(Result.error(message)).build();
    }
}
