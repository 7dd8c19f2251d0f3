package io.braid.core.hls;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HLS file names every node serves under {@code /{app}/streams/}, as in Ant Media: a playlist
 * {@code {streamId}.m3u8} and its segments {@code {streamId}{sequence:09d}.ts}. Anything else is not ours to serve.
 *
 * <p>{@code source} is the stream a file belongs to for routing and viewer counting: the ABR master
 * {@code {id}_adaptive.m3u8} and the renditions {@code {id}_{height}p{kbps}kbps} (their playlists and segments) are
 * made from, and held on the origin of, the stream {@code id}; for every other file it is {@code streamId}.
 */
public record HlsFile(String streamId, boolean playlist, String source) {
    private static final Pattern PLAYLIST = Pattern.compile("([A-Za-z0-9_.\\-]{1,128})\\.m3u8");
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_.\\-]{1,128})[0-9]{9}\\.ts");
    private static final Pattern DERIVED = Pattern.compile("(.+)_(?:adaptive|[0-9]{2,4}p[0-9]{1,6}kbps)");
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    public static Optional<HlsFile> parse(String file) {
        Matcher p = PLAYLIST.matcher(file);
        if (p.matches()) {
            return Optional.of(of(p.group(1), true));
        }
        Matcher s = SEGMENT.matcher(file);
        return s.matches() ? Optional.of(of(s.group(1), false)) : Optional.empty();
    }

    private static HlsFile of(String streamId, boolean playlist) {
        return new HlsFile(streamId, playlist, sourceOf(streamId));
    }

    /** The stream an ABR master or rendition is made from; any other stream id is its own source. */
    public static String sourceOf(String streamId) {
        Matcher derived = DERIVED.matcher(streamId);
        return derived.matches() ? derived.group(1) : streamId;
    }

    /** Whether the stream id names an ABR master or a rendition rather than a published stream. */
    public static boolean isDerived(String streamId) {
        return DERIVED.matcher(streamId).matches();
    }

    /** Whether the stream id names an ABR master playlist ({@code {id}_adaptive}). */
    public static boolean isMaster(String streamId) {
        return isDerived(streamId) && streamId.endsWith("_adaptive");
    }

    public static boolean isAppName(String app) {
        return APP.matcher(app).matches();
    }
}
