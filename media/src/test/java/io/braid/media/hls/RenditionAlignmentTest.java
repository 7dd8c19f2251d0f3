package io.braid.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.Samples;
import io.braid.media.flv.FlvDemuxer;
import io.braid.media.flv.FlvReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rendition's packager cuts where its source cut, with the source's numbers, whatever its own keyframes. */
class RenditionAlignmentTest {
    @TempDir
    static Path dir;
    static List<FlvReader.Tag> tags;

    @BeforeAll
    static void sample() throws Exception {
        tags = Samples.tags(Samples.flv(dir, 320, 180, 9));
    }

    @Test
    void renditionSegmentsHaveTheSourcesNumbersAndDurations() {
        List<HlsSegment> source = new ArrayList<>();
        List<HlsSegment> rendition = new ArrayList<>();
        HlsOptions options = new HlsOptions(2, 0, "", 3);
        HlsPackager sourcePackager = new HlsPackager("s", options, 500, () -> 0L, (s, after) -> source.add(s));
        HlsPackager renditionPackager = HlsPackager.following(sourcePackager, "s_180p300kbps", options, () -> 0L, (s, after) -> rendition.add(s));
        FlvDemuxer sourceIn = new FlvDemuxer(sourcePackager);
        FlvDemuxer renditionIn = new FlvDemuxer(renditionPackager);
        // The rendition runs 40 tags behind its source and joins 1.5 s in, mid-segment, as a transcoder does.
        int lag = 40;
        for (int i = 0; i < tags.size() + lag; i++) {
            if (i < tags.size()) {
                Samples.feed(sourceIn, List.of(tags.get(i)));
            }
            int j = i - lag;
            if (j >= 0 && (tags.get(j).timestampMs() >= 1500 || tags.get(j).body()[1] == 0)) {
                Samples.feed(renditionIn, List.of(tags.get(j)));
            }
        }
        sourcePackager.finish();
        renditionPackager.finish();

        assertEquals(List.of(500L, 501L, 502L, 503L, 504L), source.stream().map(HlsSegment::sequence).toList());
        assertEquals(List.of(501L, 502L, 503L, 504L), rendition.stream().map(HlsSegment::sequence).toList(),
                "the 1 s keyframes of the rendition do not cut; its first cut is the source's second segment");
        for (int k = 0; k < rendition.size() - 1; k++) {
            assertEquals(source.get(k + 1).durationSeconds(), rendition.get(k).durationSeconds(), 0.034, "segment " + rendition.get(k).name());
        }
        assertEquals("s_180p300kbps000000501.ts", rendition.getFirst().name());
        assertTrue(renditionPackager.frameRate() > 29 && renditionPackager.frameRate() < 31, "fps " + renditionPackager.frameRate());

        MasterPlaylist.Variant v = MasterPlaylist.Variant.of("s_180p300kbps.m3u8", renditionPackager);
        assertEquals(320, v.width());
        assertEquals(180, v.height());
        assertTrue(v.codecs().matches("avc1\\.[0-9a-f]{6},mp4a\\.40\\.2"), v.codecs());
        assertTrue(v.bandwidth() >= v.averageBandwidth() && v.averageBandwidth() > 0, v.toString());
    }

    @Test
    void masterPlaylistListsEveryVariant() {
        String m = MasterPlaylist.render(MasterPlaylist.byBandwidth(List.of(
                new MasterPlaylist.Variant("s_240p300kbps.m3u8", 420_000, 380_000, 426, 240, "avc1.64000d,mp4a.40.2", 25),
                new MasterPlaylist.Variant("s.m3u8", 2_600_000, 2_400_000, 1280, 720, "avc1.64001f,mp4a.40.2", 25),
                new MasterPlaylist.Variant("s_480p800kbps.m3u8", 1_000_000, 900_000, 854, 480, "avc1.64001e,mp4a.40.2", 0))));
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=2600000,AVERAGE-BANDWIDTH=2400000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=25.000
                s.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=1000000,AVERAGE-BANDWIDTH=900000,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2"
                s_480p800kbps.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=420000,AVERAGE-BANDWIDTH=380000,RESOLUTION=426x240,CODECS="avc1.64000d,mp4a.40.2",FRAME-RATE=25.000
                s_240p300kbps.m3u8
                """, m);
    }
}
