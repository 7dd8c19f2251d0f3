package io.braid.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.Samples;
import io.braid.media.aac.Adts;
import io.braid.media.aac.AudioSpecificConfig;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opus made by libopus from a real file (through {@link WebRtcFeed}), turned into AAC and checked by Debian's ffprobe. */
class OpusToAacTest {
    @TempDir
    Path dir;

    record Packet(byte[] opus, long ptsMs) {
    }

    List<Packet> opusOf(int seconds) throws Exception {
        Path flv = Samples.flv(dir, 320, 240, seconds);
        List<Packet> packets = new ArrayList<>();
        FeedSink sink = new FeedSink() {
            @Override
            public void parameterSets(byte[] sps, byte[] pps) {
            }

            @Override
            public void video(List<byte[]> nals, long timestamp90k, boolean keyframe) {
            }

            @Override
            public void audio(byte[] opus, long timestamp48k) {
                packets.add(new Packet(opus, timestamp48k / 48));
            }

            @Override
            public void note(String message) {
            }
        };
        assertEquals("source ended", new WebRtcFeed(flv.toString(), sink, OpusFrameDuration.MS_20).run());
        return packets;
    }

    static final class Aac implements io.braid.media.aac.AacEncoder.Output {
        final ByteArrayOutputStream adts = new ByteArrayOutputStream();
        final List<Long> pts = new ArrayList<>();
        final AudioSpecificConfig config;

        Aac(AudioSpecificConfig config) {
            this.config = config;
        }

        @Override
        public void aac(byte[] frame, long ptsMs) {
            byte[] header = new byte[Adts.HEADER_SIZE];
            Adts.writeHeader(header, 0, config, frame.length);
            adts.writeBytes(header);
            adts.writeBytes(frame);
            pts.add(ptsMs);
        }
    }

    String probe(Aac aac) throws Exception {
        Path file = dir.resolve("out.aac");
        Files.write(file, aac.adts.toByteArray());
        return Samples.run(dir, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels:format=duration", "-of",
                "default=nw=1", file.toString()) + Samples.run(dir, "ffmpeg", "-hide_banner", "-nostats", "-i", file.toString(), "-af",
                        "volumedetect", "-f", "null", "-");
    }

    static double meanVolume(String ffmpegOutput) {
        Matcher m = Pattern.compile("mean_volume: (-?[0-9.]+) dB").matcher(ffmpegOutput);
        assertTrue(m.find(), ffmpegOutput);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void opusBecomesPlayableAacOfTheSameLength() throws Exception {
        List<Packet> packets = opusOf(4);
        try (OpusToAac t = new OpusToAac(128_000)) {
            assertEquals(48_000, t.config().sampleRate());
            assertEquals(2, t.config().channels());
            assertEquals(2, t.config().objectType(), "AAC-LC");
            Aac aac = new Aac(t.config());
            for (Packet p : packets) {
                t.push(p.opus(), p.ptsMs(), aac);
            }
            String probe = probe(aac);
            assertTrue(probe.contains("codec_name=aac") && probe.contains("sample_rate=48000") && probe.contains("channels=2"), probe);
            int expectedFrames = packets.size() * 960 / 1024;
            assertTrue(Math.abs(aac.pts.size() - expectedFrames) <= 2, aac.pts.size() + " AAC frames for " + packets.size() + " Opus packets");
            for (int i = 1; i < aac.pts.size(); i++) {
                long step = aac.pts.get(i) - aac.pts.get(i - 1);
                assertTrue(step == 21 || step == 22, "frame " + i + " comes 21.3 ms after the one before: " + step);
            }
            assertTrue(Math.abs(aac.pts.getFirst() - (packets.getFirst().ptsMs() - 21)) <= 1, "the first frame stands a priming frame early: "
                    + aac.pts.subList(0, 5) + " from Opus at " + packets.subList(0, 5).stream().map(Packet::ptsMs).toList());
            assertTrue(meanVolume(probe) > -40, "the sine is heard, not silence: " + probe);
            assertEquals(0, t.silenceFilledMs());
        }
    }

    @Test
    void lostPacketsAreFilledWithSilenceAndAFarJumpRestartsTheTimeline() throws Exception {
        List<Packet> packets = opusOf(3);
        try (OpusToAac t = new OpusToAac(96_000)) {
            Aac aac = new Aac(t.config());
            for (int i = 0; i < packets.size(); i++) {
                if (i >= 50 && i < 60) {
                    continue; // 200 ms lost
                }
                Packet p = packets.get(i);
                t.push(p.opus(), p.ptsMs(), aac);
            }
            long lost = packets.get(60).ptsMs() - packets.get(50).ptsMs();
            assertEquals(200, lost);
            assertTrue(Math.abs(t.silenceFilledMs() - lost) <= 2, t.silenceFilledMs() + " ms filled for " + lost + " ms lost");
            for (int i = 1; i < aac.pts.size(); i++) {
                long step = aac.pts.get(i) - aac.pts.get(i - 1);
                assertTrue(step == 21 || step == 22, "evenly spaced across the gap: " + step + " at " + i);
            }
            t.push(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}, packets.getLast().ptsMs() + 20, aac);
            t.push(new byte[0], packets.getLast().ptsMs() + 40, aac);
            assertTrue(t.undecodable() >= 1, "a malformed or empty packet is refused and counted");
            int before = aac.pts.size();
            long last = aac.pts.getLast();
            for (Packet p : packets.subList(0, 50)) {
                t.push(p.opus(), p.ptsMs() + 60_000, aac); // the publisher came back a minute later
            }
            assertEquals(1, t.restarts());
            assertTrue(aac.pts.size() > before + 40, "decoding goes on after bad packets: " + (aac.pts.size() - before) + " frames");
            // The frame inside the encoder and the FIFO's remainder (under 1024 samples) still leave on the old
            // timeline; the next one is on the new.
            assertTrue(aac.pts.get(before + 1) < last + 50 && aac.pts.get(before + 2) > last + 50_000, "the timeline follows the input after a long gap: " + aac.pts.subList(before - 1, before + 4));
            String probe = probe(aac);
            assertTrue(probe.contains("codec_name=aac"), probe);
        }
    }
}
