package io.braid.edge.viewer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A playlist made ready to be served to each viewer: every URL it lists (segment lines, variant lines, and
 * {@code URI="..."} attributes of tags such as EXT-X-MEDIA or EXT-X-MAP) gets {@code session=<key>}, so the
 * player's next requests name its session even when several players share an address and user agent, or come
 * through a proxy. Media URLs (anything but a playlist) can also be made absolute, pointing at this edge, so that
 * segments go from the edge to the player directly while that player's playlists come through the entry point (a
 * viewer on the fallback pathway of a {@link SteeringPlaylist}; see {@code docs/architecture.md}, "Viewers are
 * steered to their edge").
 *
 * <p>The text is parsed once per cached playlist ({@link #compile}); {@link #render} then only copies bytes, which is
 * what keeps a per-viewer playlist as cheap to serve as a shared one.
 */
public final class PlaylistSessions {
    private static final byte[] FIRST_QUERY = ("?" + SessionKeys.QUERY + "=").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT_QUERY = ("&" + SessionKeys.QUERY + "=").getBytes(StandardCharsets.US_ASCII);

    /** One listed URL: its text, how the session joins it (null: it has one already), whether it is media. */
    private record Url(byte[] text, byte[] sessionJoin, boolean media) {
    }

    /** {@code literals.length == urls.length + 1}: literal, URL, literal, ..., literal. */
    private final byte[][] literals;
    private final Url[] urls;
    private final int fixedLength;

    private PlaylistSessions(List<byte[]> literals, List<Url> urls) {
        this.literals = literals.toArray(byte[][]::new);
        this.urls = urls.toArray(Url[]::new);
        int length = 0;
        for (byte[] l : this.literals) {
            length += l.length;
        }
        for (Url u : this.urls) {
            length += u.text().length;
        }
        this.fixedLength = length;
    }

    public static PlaylistSessions compile(String playlist) {
        List<byte[]> literals = new ArrayList<>();
        List<Url> urls = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int start = 0;
        while (start < playlist.length()) {
            int end = playlist.indexOf('\n', start);
            String line = playlist.substring(start, end < 0 ? playlist.length() : end);
            boolean cr = line.endsWith("\r");
            String content = cr ? line.substring(0, line.length() - 1) : line;
            if (content.startsWith("#")) {
                int at = content.indexOf("URI=\"");
                int close = at < 0 ? -1 : content.indexOf('"', at + 5);
                if (close < 0) {
                    literal.append(content);
                } else {
                    literal.append(content, 0, at + 5);
                    cut(literals, literal, urls, content.substring(at + 5, close));
                    literal.append(content, close, content.length());
                }
            } else if (!content.isBlank()) {
                cut(literals, literal, urls, content.strip());
            } else {
                literal.append(content);
            }
            if (cr) {
                literal.append('\r');
            }
            if (end >= 0) {
                literal.append('\n');
            }
            start = end < 0 ? playlist.length() : end + 1;
        }
        literals.add(bytes(literal.toString()));
        return new PlaylistSessions(literals, urls);
    }

    private static void cut(List<byte[]> literals, StringBuilder literal, List<Url> urls, String url) {
        literals.add(bytes(literal.toString()));
        literal.setLength(0);
        byte[] join = SessionKeys.named(url) ? null : url.indexOf('?') >= 0 ? NEXT_QUERY : FIRST_QUERY;
        String path = url.indexOf('?') >= 0 ? url.substring(0, url.indexOf('?')) : url;
        urls.add(new Url(bytes(url), join, SessionKeys.relative(url) && !path.endsWith(".m3u8")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The playlist for one viewer.
     *
     * @param mediaPrefix put before every relative media URL (e.g. {@code http://edge-1:5081/LiveApp/streams/}), or
     *                    null to leave them relative
     */
    public byte[] render(String sessionKey, String mediaPrefix) {
        byte[] key = bytes(sessionKey);
        byte[] prefix = mediaPrefix == null ? null : bytes(mediaPrefix);
        int length = fixedLength;
        for (Url u : urls) {
            length += (u.sessionJoin() == null ? 0 : u.sessionJoin().length + key.length) + (prefix != null && u.media() ? prefix.length : 0);
        }
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < urls.length; i++) {
            at = put(out, at, literals[i]);
            Url u = urls[i];
            if (prefix != null && u.media()) {
                at = put(out, at, prefix);
            }
            at = put(out, at, u.text());
            if (u.sessionJoin() != null) {
                at = put(out, put(out, at, u.sessionJoin()), key);
            }
        }
        put(out, at, literals[urls.length]);
        return out;
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }
}
