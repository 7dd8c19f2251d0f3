package io.braid.media.hls;

/**
 * Packaging settings, from Ant Media's app settings: {@code hlsTime} (s), {@code hlsListSize} (segments in the
 * playlist; 0 keeps all, up to {@link #MAX_SEGMENTS} in memory) and {@code hlsPlayListType}. {@code graceSegments}
 * are kept after they leave the playlist for players still reading an older copy.
 */
public record HlsOptions(double hlsTimeSeconds, int listSize, String playlistType, int graceSegments) {
    public static final int MAX_SEGMENTS = 300;

    public HlsOptions {
        if (!(hlsTimeSeconds > 0)) {
            throw new IllegalArgumentException("hlsTime must be positive");
        }
        listSize = listSize <= 0 ? MAX_SEGMENTS : Math.min(listSize, MAX_SEGMENTS);
        graceSegments = Math.max(0, graceSegments);
        playlistType = playlistType == null ? "" : playlistType;
    }

    /** From Ant Media's string settings; {@code hlsListSize} may be written as a decimal ("15.0"), as they validate. */
    public static HlsOptions of(String hlsTime, String hlsListSize, String playlistType) {
        return new HlsOptions(Double.parseDouble(hlsTime), (int) Double.parseDouble(hlsListSize), playlistType, 3);
    }

    long targetMs() {
        return Math.round(hlsTimeSeconds * 1000);
    }
}
