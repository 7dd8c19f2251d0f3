package io.braid.core.hls;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HLS file names every node serves under {@code /{app}/streams/}, as in Ant Media: a playlist
 * {@code {streamId}.m3u8} and its segments {@code {streamId}{sequence:09d}.ts}. Anything else is not ours to serve.
 */
public record HlsFile(String streamId, boolean playlist) {
    private static final Pattern PLAYLIST = Pattern.compile("([A-Za-z0-9_.\\-]{1,128})\\.m3u8");
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_.\\-]{1,128})[0-9]{9}\\.ts");
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    public static Optional<HlsFile> parse(String file) {
        Matcher p = PLAYLIST.matcher(file);
        if (p.matches()) {
            return Optional.of(new HlsFile(p.group(1), true));
        }
        Matcher s = SEGMENT.matcher(file);
        return s.matches() ? Optional.of(new HlsFile(s.group(1), false)) : Optional.empty();
    }

    public static boolean isAppName(String app) {
        return APP.matcher(app).matches();
    }
}
