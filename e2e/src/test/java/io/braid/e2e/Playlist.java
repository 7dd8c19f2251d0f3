package io.braid.e2e;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HLS media playlist as a test reads it: EXTINF durations by media sequence, segment names, ENDLIST. */
record Playlist(TreeMap<Long, Double> segments, List<String> names, boolean ended) {
    private static final Pattern SEQUENCE = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)");
    private static final Pattern SEGMENT = Pattern.compile("#EXTINF:([0-9.]+),\\n(\\S+)");

    static Playlist parse(String text) {
        TreeMap<Long, Double> segments = new TreeMap<>();
        List<String> names = new ArrayList<>();
        Matcher seq = SEQUENCE.matcher(text);
        long next = seq.find() ? Long.parseLong(seq.group(1)) : 0;
        Matcher inf = SEGMENT.matcher(text);
        while (inf.find()) {
            segments.put(next++, Double.parseDouble(inf.group(1)));
            names.add(inf.group(2));
        }
        return new Playlist(segments, names, text.contains("#EXT-X-ENDLIST"));
    }

    /** The playlist at the URL, or an empty one while it is not there (yet). */
    static Playlist fetch(String url) {
        try {
            HttpResponse<String> r = OriginCluster.get(url);
            return r.statusCode() == 200 ? parse(r.body()) : empty();
        } catch (Exception e) {
            return empty();
        }
    }

    /** The URIs a multivariant playlist at the URL lists, as listed, in order; none while it is not there (yet). */
    static List<String> variants(String url) {
        List<String> uris = new ArrayList<>();
        try {
            HttpResponse<String> r = OriginCluster.get(url);
            if (r.statusCode() == 200 && r.body().contains("#EXT-X-STREAM-INF")) {
                for (String line : r.body().split("\n")) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        uris.add(line.strip());
                    }
                }
            }
        } catch (Exception e) {
            // not there yet
        }
        return uris;
    }

    /** The media sequence number of the newest segment, or -1 without segments. */
    long lastSequence() {
        return segments.isEmpty() ? -1 : segments.lastKey();
    }

    private static Playlist empty() {
        return new Playlist(new TreeMap<>(), List.of(), false);
    }
}
