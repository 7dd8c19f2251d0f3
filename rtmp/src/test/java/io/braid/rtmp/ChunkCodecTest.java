package io.braid.rtmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.MalformedMediaException;
import io.braid.media.Samples;
import io.braid.media.amf.Amf0Writer;
import io.braid.media.flv.FlvReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkCodecTest {
    static final RtmpLimits LIMITS = new RtmpLimits(65536, 1 << 20, 16, 10, Duration.ofSeconds(5), Duration.ofSeconds(30));

    /** Collects decoded messages and the errors the decoder raised. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        final List<RtmpMessage> messages = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            messages.add((RtmpMessage) msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
            ctx.close();
        }
    }

    static byte[] encode(List<RtmpMessage> messages) {
        EmbeddedChannel out = new EmbeddedChannel(new ChunkEncoder());
        messages.forEach(out::writeOutbound);
        return written(out);
    }

    /** Everything written to the channel so far, as one array. */
    static byte[] written(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        return bytes;
    }

    static Sink decode(byte[] bytes, int pieceSize) {
        Sink sink = new Sink();
        EmbeddedChannel in = new EmbeddedChannel(new ChunkDecoder(LIMITS), sink);
        for (int i = 0; i < bytes.length && in.isOpen(); i += pieceSize) {
            in.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(pieceSize, bytes.length - i)));
        }
        in.finishAndReleaseAll();
        return sink;
    }

    @Test
    void roundTripsAcrossChunkSizesAndExtendedTimestamps() {
        List<RtmpMessage> messages = new ArrayList<>();
        Random random = new Random(1);
        int[] sizes = {0, 1, 127, 128, 129, 4095, 4096, 4097, 100_000, ChunkDecoder.FIRST_ALLOCATION, ChunkDecoder.FIRST_ALLOCATION + 1};
        long ts = 0;
        for (int size : sizes) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            messages.add(new RtmpMessage(RtmpMessage.VIDEO, 1, ts, payload));
            ts += 40;
        }
        messages.add(RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, 4096));
        messages.add(new RtmpMessage(RtmpMessage.AUDIO, 1, 0x1234567L, new byte[9000]));
        messages.add(new RtmpMessage(RtmpMessage.COMMAND_AMF0, 0, 0, Amf0Writer.encode("connect", 1.0, Map.of("app", "LiveApp"))));
        byte[] wire = encode(messages);
        // Pieces that split headers at every offset and payloads anywhere, as reads of a socket do.
        for (int piece : new int[] {1, 2, 3, 5, 7, 11, 12, 13, 127, 128, 129, 1000, 4095, 4097, 65_537, wire.length}) {
            Sink sink = decode(wire, piece);
            assertEquals(List.of(), sink.errors);
            List<RtmpMessage> expected = messages.stream().filter(m -> m.typeId() != RtmpMessage.SET_CHUNK_SIZE).toList();
            assertEquals(expected.size(), sink.messages.size(), "piece size " + piece);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).timestamp(), sink.messages.get(i).timestamp());
                assertEquals(expected.get(i).typeId(), sink.messages.get(i).typeId());
                assertArrayEquals(expected.get(i).payload(), sink.messages.get(i).payload());
            }
        }
    }

    @Test
    void headerTypesOneToThreeApplyDeltas() {
        byte[] wire = {
            0x06, 0x00, 0x03, (byte) 0xE8, 0, 0, 2, 9, 1, 0, 0, 0, 'a', 'b', // fmt 0, ts 1000, len 2
            (byte) 0x86, 0, 0, 33, 'c', 'd', // fmt 2, delta 33
            (byte) 0xC6, 'e', 'f', // fmt 3, new message: same delta again
            0x46, 0, 0, 10, 0, 0, 1, 8, 'g'}; // fmt 1, delta 10, len 1, audio
        Sink sink = decode(wire, wire.length);
        assertEquals(List.of(), sink.errors);
        assertEquals(List.of(1000L, 1033L, 1066L, 1076L), sink.messages.stream().map(RtmpMessage::timestamp).toList());
        assertEquals(8, sink.messages.get(3).typeId());
    }

    @Test
    void limitsCloseTheConnection() {
        byte[] huge = {0x06, 0, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, 9, 1, 0, 0, 0};
        assertRefused(huge, "over the limit");
        byte[] bigChunks = encode(List.of(RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, 1 << 20)));
        assertRefused(bigChunks, "peer chunk size");
        assertRefused(new byte[] {(byte) 0xC5, 1, 2, 3}, "needs an earlier one");
        byte[] manyStreams = new byte[12 * 20];
        for (int i = 0; i < 20; i++) {
            manyStreams[12 * i] = (byte) (3 + i);
            manyStreams[12 * i + 7] = 9;
        }
        assertRefused(manyStreams, "chunk streams");
    }

    /**
     * Declaring many big messages and sending only their first chunks must not make us hold more than the
     * pending-bytes limit.
     */
    @Test
    void unfinishedMessagesAreBounded() {
        List<Byte> wire = new ArrayList<>();
        for (int csid = 3; csid < 16; csid++) {
            byte[] header = {(byte) csid, 0, 0, 0, 0x0F, (byte) 0xFF, (byte) 0xF0, 9, 1, 0, 0, 0};
            for (byte b : header) {
                wire.add(b);
            }
            for (int i = 0; i < 128; i++) {
                wire.add((byte) 0);
            }
        }
        byte[] bytes = new byte[wire.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = wire.get(i);
        }
        Sink sink = decode(bytes, bytes.length);
        assertEquals(List.of(), sink.errors, "13 × 4 KiB started is within limits; payloads grow as chunks arrive");
    }

    /** Mutation fuzz over a real publish (commands, metadata, the sample's tags) as ffmpeg would chunk it. */
    @Test
    void mutatedStreamsFailOnlyWithProtocolErrors(@TempDir Path dir) throws Exception {
        List<RtmpMessage> session = new ArrayList<>();
        session.add(new RtmpMessage(RtmpMessage.COMMAND_AMF0, 0, 0, Amf0Writer.encode("connect", 1.0, Map.of("app", "LiveApp", "tcUrl", "rtmp://x/LiveApp"))));
        session.add(new RtmpMessage(RtmpMessage.COMMAND_AMF0, 0, 0, Amf0Writer.encode("createStream", 2.0, null)));
        session.add(new RtmpMessage(RtmpMessage.COMMAND_AMF0, 1, 0, Amf0Writer.encode("publish", 3.0, null, "fuzz", "live")));
        try (InputStream in = Files.newInputStream(Samples.flv(dir, 320, 240, 2))) {
            FlvReader reader = new FlvReader(in);
            for (FlvReader.Tag t = reader.next(); t != null && session.size() < 80; t = reader.next()) {
                session.add(new RtmpMessage(t.type(), 1, t.timestampMs(), t.body()));
            }
        }
        byte[] wire = encode(session);
        Random random = new Random(99);
        int refused = 0;
        for (int round = 0; round < 2000; round++) {
            byte[] m = Arrays.copyOf(wire, 1 + random.nextInt(wire.length));
            for (int f = 1 + random.nextInt(8); f > 0; f--) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            Sink sink = decode(m, 1 + random.nextInt(4096));
            for (Throwable t : sink.errors) {
                assertInstanceOf(MalformedMediaException.class, t.getCause(), () -> "unexpected " + t);
                refused++;
            }
        }
        assertTrue(refused > 100, "mutations were detected: " + refused);
        assertFalse(Thread.currentThread().isInterrupted());
    }

    static void assertRefused(byte[] wire, String reason) {
        Sink sink = decode(wire, wire.length);
        assertEquals(1, sink.errors.size(), reason);
        assertTrue(sink.errors.getFirst().getCause().getMessage().contains(reason), sink.errors.getFirst().getCause().getMessage());
    }
}
