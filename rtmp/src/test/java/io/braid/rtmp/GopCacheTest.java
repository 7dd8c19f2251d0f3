package io.braid.rtmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GopCacheTest {
    private static final RtmpMessage HEADER = new RtmpMessage(RtmpMessage.VIDEO, 0, 0, new byte[] {0x17, 0, 0, 0, 0, 1, 2});
    private static final RtmpMessage KEYFRAME = new RtmpMessage(RtmpMessage.VIDEO, 0, 40, new byte[] {0x17, 1, 0, 0, 0, 9, 9, 9});
    private static final RtmpMessage FRAME = new RtmpMessage(RtmpMessage.VIDEO, 0, 73, new byte[] {0x27, 1, 0, 0, 0, 5});
    private static final RtmpMessage AUDIO = new RtmpMessage(RtmpMessage.AUDIO, 0, 80, new byte[] {(byte) 0xAF, 1, 7, 7});
    private static final RtmpMessage AAC_HEADER = new RtmpMessage(RtmpMessage.AUDIO, 0, 0, new byte[] {(byte) 0xAF, 0, 0x12, 0x10});
    private static final RtmpMessage OPUS_HEADER = new RtmpMessage(RtmpMessage.AUDIO, 0, 0,
            io.braid.media.flv.FlvTagWriter.opusConfig(io.braid.media.opus.OpusHead.rtp()));
    private static final RtmpMessage OPUS = new RtmpMessage(RtmpMessage.AUDIO, 0, 60,
            io.braid.media.flv.FlvTagWriter.opus(new io.braid.media.OpusFrame(60, new byte[] {(byte) 0xFC, 1, 2})));

    /** A player's connection after connect: its encoder already at the server's chunk size. */
    private static EmbeddedChannel connection() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkEncoder());
        ch.writeOutbound(RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, RtmpSession.OUT_CHUNK_SIZE));
        drain(ch);
        return ch;
    }

    private static byte[] drain(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            all.writeBytes(b);
            b.release();
        }
        return ByteBufUtil.getBytes(all);
    }

    private static byte[] chunks(List<RtmpMessage> messages) {
        ByteBuf out = Unpooled.buffer();
        for (RtmpMessage m : messages) {
            ChunkEncoder.encode(m.withStreamId(1), RtmpSession.OUT_CHUNK_SIZE, out);
        }
        return ByteBufUtil.getBytes(out);
    }

    @Test
    void everyPlayerGetsTheSameChunksInOneWriteEveryMergeInterval() {
        GopCache cache = new GopCache(1 << 20);
        cache.publish(HEADER);
        cache.publish(KEYFRAME);
        EmbeddedChannel a = connection();
        EmbeddedChannel b = connection();
        cache.addPlayer(new ChannelPlayer(a, 1, "t1", ChannelPlayer.Flush.MERGED, ChannelPlayer.Audio.AAC));
        cache.addPlayer(new ChannelPlayer(b, 1, "t1", ChannelPlayer.Flush.MERGED, ChannelPlayer.Audio.AAC));
        byte[] startA = drain(runTasks(a));
        assertEquals(startA.length, drain(runTasks(b)).length, "both got the play start, header and cached GOP at once");

        cache.publish(FRAME);
        cache.publish(AUDIO);
        runTasks(a);
        runTasks(b);
        assertNull(a.readOutbound(), "queued, not yet written");
        a.advanceTimeBy(GopCache.MERGED_WRITE_MS, TimeUnit.MILLISECONDS);
        a.runScheduledPendingTasks();
        b.advanceTimeBy(GopCache.MERGED_WRITE_MS, TimeUnit.MILLISECONDS);
        b.runScheduledPendingTasks();
        byte[] expected = chunks(List.of(FRAME, AUDIO));
        assertArrayEquals(expected, drain(a), "one merged write, the messages chunked as the player's own encoder would");
        assertArrayEquals(expected, drain(b));
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void aLowLatencyPlayerGetsEachMessageAtOnceBesideAMergedOne() {
        GopCache cache = new GopCache(1 << 20);
        cache.publish(HEADER);
        cache.publish(KEYFRAME);
        EmbeddedChannel merged = connection();
        EmbeddedChannel eager = connection();
        cache.addPlayer(new ChannelPlayer(merged, 1, "t1", ChannelPlayer.Flush.MERGED, ChannelPlayer.Audio.AAC));
        cache.addPlayer(new ChannelPlayer(eager, 1, "t1", ChannelPlayer.Flush.of(StreamRequest.of("app", "t1?lowLatency=1", "", "")), ChannelPlayer.Audio.AAC));
        drain(runTasks(merged));
        drain(runTasks(eager));

        cache.publish(FRAME);
        runTasks(merged);
        runTasks(eager);
        assertNull(merged.readOutbound(), "the merged player waits for the merge interval");
        assertArrayEquals(chunks(List.of(FRAME)), drain(eager), "the low-latency player has the frame before any timer ran");
        cache.publish(AUDIO);
        runTasks(eager);
        assertArrayEquals(chunks(List.of(AUDIO)), drain(eager), "and the next message on its own");
        assertEquals(ChannelPlayer.Flush.MERGED, ChannelPlayer.Flush.of(StreamRequest.of("app", "t1?lowLatency=0", "", "")));
        runTasks(merged);
        merged.advanceTimeBy(GopCache.MERGED_WRITE_MS, TimeUnit.MILLISECONDS);
        merged.runScheduledPendingTasks();
        assertArrayEquals(chunks(List.of(FRAME, AUDIO)), drain(merged), "the merged player has both in one write");
        merged.finishAndReleaseAll();
        eager.finishAndReleaseAll();
    }

    @Test
    void aPlayerThatAsksForOpusGetsThePublishersOpusAndTheOthersItsAac() {
        GopCache cache = new GopCache(1 << 20);
        cache.publish(HEADER);
        cache.publish(OPUS_HEADER);
        cache.publish(AAC_HEADER);
        cache.publish(KEYFRAME);
        EmbeddedChannel aac = connection();
        EmbeddedChannel opus = connection();
        cache.addPlayer(new ChannelPlayer(aac, 1, "t1", ChannelPlayer.Flush.EACH_MESSAGE, ChannelPlayer.Audio.of(StreamRequest.of("app", "t1", "", ""))));
        cache.addPlayer(new ChannelPlayer(opus, 1, "t1", ChannelPlayer.Flush.EACH_MESSAGE,
                ChannelPlayer.Audio.of(StreamRequest.of("app", "t1?lowLatency=1&audio=opus", "", ""))));
        assertTail(chunks(List.of(HEADER, AAC_HEADER, KEYFRAME)), drain(runTasks(aac)), "the AAC player's start has no Opus");
        assertTail(chunks(List.of(HEADER, OPUS_HEADER, KEYFRAME)), drain(runTasks(opus)), "the Opus player's start has no AAC");

        cache.publish(OPUS);
        cache.publish(AUDIO);
        cache.publish(FRAME);
        runTasks(aac);
        runTasks(opus);
        assertArrayEquals(chunks(List.of(AUDIO, FRAME)), drain(aac));
        assertArrayEquals(chunks(List.of(OPUS, FRAME)), drain(opus));
        aac.finishAndReleaseAll();
        opus.finishAndReleaseAll();
    }

    @Test
    void aPlayerThatAsksForOpusOfAStreamWithoutItGetsTheAac() {
        GopCache cache = new GopCache(1 << 20);
        cache.publish(HEADER);
        cache.publish(AAC_HEADER);
        cache.publish(KEYFRAME);
        EmbeddedChannel opus = connection();
        cache.addPlayer(new ChannelPlayer(opus, 1, "t1", ChannelPlayer.Flush.EACH_MESSAGE, ChannelPlayer.Audio.OPUS_AS_PUBLISHED));
        assertTail(chunks(List.of(HEADER, AAC_HEADER, KEYFRAME)), drain(runTasks(opus)), "the stream's AAC");
        cache.publish(AUDIO);
        runTasks(opus);
        assertArrayEquals(chunks(List.of(AUDIO)), drain(opus));
        opus.finishAndReleaseAll();
    }

    private static void assertTail(byte[] expected, byte[] sent, String what) {
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(sent, Math.max(0, sent.length - expected.length), sent.length), what);
    }

    @Test
    void aPlayerThatJoinsBeforeAnythingIsPublishedGetsThePlayStartFirst() {
        GopCache cache = new GopCache(1 << 20);
        EmbeddedChannel a = connection();
        cache.addPlayer(new ChannelPlayer(a, 1, "t1", ChannelPlayer.Flush.MERGED, ChannelPlayer.Audio.AAC));
        cache.publish(HEADER);
        runTasks(a);
        byte[] sent = drain(a);
        byte[] header = chunks(List.of(HEADER));
        byte[] tail = java.util.Arrays.copyOfRange(sent, sent.length - header.length, sent.length);
        assertArrayEquals(header, tail, "the header follows the play-start messages");
        a.finishAndReleaseAll();
    }

    private static EmbeddedChannel runTasks(EmbeddedChannel ch) {
        ch.runPendingTasks();
        ch.runPendingTasks();
        return ch;
    }
}
