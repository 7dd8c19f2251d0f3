package io.braid.edge.viewer;

/**
 * Adds {@code session=<key>} to every URL a playlist lists (segment lines, variant lines, and {@code URI="..."}
 * attributes of tags such as EXT-X-MEDIA or EXT-X-MAP), so the player's next requests name its session even when
 * several players share an address and user agent, or come through a proxy.
 */
public final class PlaylistSessions {
    private PlaylistSessions() {
    }

    public static String tag(String playlist, String sessionKey) {
        StringBuilder out = new StringBuilder(playlist.length() + 512);
        int start = 0;
        while (start < playlist.length()) {
            int end = playlist.indexOf('\n', start);
            int next = end < 0 ? playlist.length() : end + 1;
            String line = playlist.substring(start, end < 0 ? playlist.length() : end);
            boolean cr = line.endsWith("\r");
            String content = cr ? line.substring(0, line.length() - 1) : line;
            if (content.startsWith("#")) {
                out.append(tagUriAttribute(content, sessionKey));
            } else if (!content.isBlank()) {
                out.append(withSession(content.strip(), sessionKey));
            } else {
                out.append(content);
            }
            if (cr) {
                out.append('\r');
            }
            if (end >= 0) {
                out.append('\n');
            }
            start = next;
        }
        return out.toString();
    }

    private static String tagUriAttribute(String tag, String sessionKey) {
        int at = tag.indexOf("URI=\"");
        if (at < 0) {
            return tag;
        }
        int open = at + 5;
        int close = tag.indexOf('"', open);
        if (close < 0) {
            return tag;
        }
        return tag.substring(0, open) + withSession(tag.substring(open, close), sessionKey) + tag.substring(close);
    }

    private static String withSession(String uri, String sessionKey) {
        if (uri.contains("?" + SessionKeys.QUERY + "=") || uri.contains("&" + SessionKeys.QUERY + "=")) {
            return uri;
        }
        return uri + (uri.indexOf('?') >= 0 ? "&" : "?") + SessionKeys.QUERY + "=" + sessionKey;
    }
}
