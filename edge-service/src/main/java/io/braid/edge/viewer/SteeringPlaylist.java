package io.braid.edge.viewer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a viewer's first playlist request through the entry point is answered with, when the edge has a public URL:
 * a multivariant playlist whose variants are listed twice, as two pathways (RFC 8216bis {@code PATHWAY-ID}):
 * <ol>
 * <li>{@value #EDGE_PATHWAY}: the variant playlists at this edge's own address, so the player's reloads, and the
 * segments those list, go from the edge to the player without crossing the gateway;</li>
 * <li>{@value #ENTRY_PATHWAY}: the same playlists through the entry point (relative URLs), where the player goes when
 * the edge fails: the gateway then routes it to a healthy edge. hls.js moves to the next pathway on errors; Safari
 * treats the second listing as redundant streams (its failover).</li>
 * </ol>
 * Both carry the viewer's session. The gateway so sees one request per viewer session instead of one per playlist
 * reload (see {@code docs/architecture.md}, "Viewers are steered to their edge").
 *
 * <p>A stream without a ladder has a media playlist only: it becomes a one-variant playlist whose BANDWIDTH is the
 * newest segment's bit rate. A multivariant playlist that lists renditions ({@code EXT-X-MEDIA} with a URI), I-frame
 * playlists, or pathways of its own is not rewritten ({@link #ofMultivariant} is empty): cloning its groups per
 * pathway is not worth the risk, and such a playlist is served as it is.
 */
public final class SteeringPlaylist {
    public static final String EDGE_PATHWAY = "edge";
    public static final String ENTRY_PATHWAY = "gateway";
    private static final String STREAM_INF = "#EXT-X-STREAM-INF:";

    /** One variant: its attributes as listed and its URI. */
    private record Variant(String attributes, String uri) {
    }

    /** The newest segment of a media playlist: its URI and its EXTINF duration. */
    public record Segment(String uri, double seconds) {
    }

    /**
     * What one cached playlist offers for steering, worked out once per playlist: the steering form of a multivariant
     * playlist (empty if it is not rewritten), or the newest segment of a media playlist (empty if none is listed).
     */
    public record Source(boolean multivariant, Optional<SteeringPlaylist> steering, Optional<Segment> newest) {
        public static Source of(String playlist) {
            if (playlist.contains(STREAM_INF)) {
                return new Source(true, ofMultivariant(playlist), Optional.empty());
            }
            return new Source(false, Optional.empty(), newestSegment(playlist));
        }
    }

    private final List<String> header;
    private final List<Variant> variants;

    private SteeringPlaylist(List<String> header, List<Variant> variants) {
        this.header = List.copyOf(header);
        this.variants = List.copyOf(variants);
    }

    /** The one-variant playlist for a media playlist named {@code playlistUri}, measured at {@code bandwidth} bits/s. */
    public static SteeringPlaylist ofMedia(String playlistUri, long bandwidth) {
        return new SteeringPlaylist(List.of("#EXTM3U"), List.of(new Variant("BANDWIDTH=" + Math.max(1, bandwidth), playlistUri)));
    }

    /** The steering form of a multivariant playlist; empty when it has no variant or lists what is not rewritten. */
    public static Optional<SteeringPlaylist> ofMultivariant(String playlist) {
        List<String> header = new ArrayList<>();
        List<Variant> variants = new ArrayList<>();
        String pending = null;
        for (String raw : playlist.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (pending != null) {
                if (line.startsWith("#")) {
                    return Optional.empty(); // a tag between EXT-X-STREAM-INF and its URI: not a layout this rewrites
                }
                variants.add(new Variant(pending, line));
                pending = null;
            } else if (line.startsWith(STREAM_INF)) {
                pending = line.substring(STREAM_INF.length());
                if (pending.contains("PATHWAY-ID=")) {
                    return Optional.empty();
                }
            } else if (line.contains("URI=") || line.startsWith("#EXT-X-CONTENT-STEERING") || !line.startsWith("#")) {
                return Optional.empty(); // renditions, I-frame playlists, steering of its own, or media: left as they are
            } else {
                header.add(line);
            }
        }
        if (variants.isEmpty() || pending != null || header.isEmpty() || !header.getFirst().equals("#EXTM3U")) {
            return Optional.empty();
        }
        return Optional.of(new SteeringPlaylist(header, variants));
    }

    /** The newest segment a media playlist lists, if any. */
    public static Optional<Segment> newestSegment(String mediaPlaylist) {
        double seconds = -1;
        Segment newest = null;
        for (String raw : mediaPlaylist.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#EXTINF:")) {
                int comma = line.indexOf(',');
                try {
                    seconds = Double.parseDouble(line.substring(8, comma < 0 ? line.length() : comma));
                } catch (NumberFormatException e) {
                    seconds = -1;
                }
            } else if (!line.isEmpty() && !line.startsWith("#") && seconds > 0) {
                newest = new Segment(line, seconds);
                seconds = -1;
            }
        }
        return Optional.ofNullable(newest);
    }

    /**
     * The playlist for one viewer.
     *
     * @param edgePrefix put before each relative variant URI for the edge pathway, e.g.
     *                   {@code http://localhost:5200/LiveApp/streams/}
     */
    public byte[] render(String sessionKey, String edgePrefix) {
        StringBuilder out = new StringBuilder(128 + variants.size() * 256);
        for (String h : header) {
            out.append(h).append('\n');
        }
        pathway(out, EDGE_PATHWAY, edgePrefix, sessionKey);
        pathway(out, ENTRY_PATHWAY, null, sessionKey);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void pathway(StringBuilder out, String pathway, String prefix, String sessionKey) {
        for (Variant v : variants) {
            out.append(STREAM_INF).append(v.attributes()).append(",PATHWAY-ID=\"").append(pathway).append("\"\n");
            if (prefix != null && SessionKeys.relative(v.uri())) {
                out.append(prefix);
            }
            out.append(v.uri());
            if (!SessionKeys.named(v.uri())) {
                out.append(v.uri().indexOf('?') >= 0 ? '&' : '?').append(SessionKeys.QUERY).append('=').append(sessionKey);
            }
            out.append('\n');
        }
    }
}
