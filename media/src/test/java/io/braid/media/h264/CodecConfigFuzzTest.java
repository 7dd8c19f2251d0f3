package io.braid.media.h264;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.MalformedMediaException;
import io.braid.media.Samples;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.flv.FlvAudioTag;
import io.braid.media.flv.FlvReader;
import io.braid.media.flv.FlvVideoTag;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutation fuzz of the codec configuration parsers (AVC config + SPS, AudioSpecificConfig) over real ffmpeg output. */
class CodecConfigFuzzTest {

    @Test
    void mutatedConfigurationsFailCleanly(@TempDir Path dir) throws Exception {
        byte[] avc = null;
        byte[] aac = null;
        try (InputStream in = Files.newInputStream(Samples.flv(dir, 1280, 720, 1))) {
            FlvReader reader = new FlvReader(in);
            for (FlvReader.Tag t = reader.next(); t != null && (avc == null || aac == null); t = reader.next()) {
                if (t.type() == FlvReader.VIDEO) {
                    FlvVideoTag v = FlvVideoTag.parse(t.body(), 0, t.body().length);
                    if (v.packetType() == FlvVideoTag.AVC_SEQUENCE_HEADER) {
                        avc = Arrays.copyOfRange(t.body(), v.payloadOffset(), t.body().length);
                    }
                } else if (t.type() == FlvReader.AUDIO) {
                    FlvAudioTag a = FlvAudioTag.parse(t.body(), 0, t.body().length);
                    if (a.aacPacketType() == FlvAudioTag.AAC_SEQUENCE_HEADER) {
                        aac = Arrays.copyOfRange(t.body(), a.payloadOffset(), t.body().length);
                    }
                }
            }
        }
        AvcConfig config = AvcConfig.parse(avc, 0, avc.length);
        assertEquals(1280, config.info().width());
        assertEquals(720, config.info().height());
        assertTrue(config.info().codecString().startsWith("avc1."));
        assertEquals(2, AudioSpecificConfig.parse(aac, 0, aac.length).objectType());

        Random random = new Random(3);
        int rejected = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] source = i % 2 == 0 ? avc : aac;
            byte[] m = Arrays.copyOf(source, random.nextInt(source.length + 1));
            for (int f = 1 + random.nextInt(3); f > 0 && m.length > 0; f--) {
                m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                if (source == avc) {
                    AvcConfig.parse(m, 0, m.length);
                } else {
                    AudioSpecificConfig.parse(m, 0, m.length);
                }
            } catch (MalformedMediaException expected) {
                rejected++;
            }
        }
        assertTrue(rejected > 1000, "mutations detected: " + rejected);
    }
}
