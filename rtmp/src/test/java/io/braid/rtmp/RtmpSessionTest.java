package io.braid.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.amf.Amf0Reader;
import io.braid.media.amf.Amf0Writer;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command state machine on an in-memory channel: answers to a well-behaved client, and closes on misuse. */
class RtmpSessionTest {

    static EmbeddedChannel session(RecordingHost host) {
        ChunkDecoder decoder = new ChunkDecoder(ChunkCodecTest.LIMITS);
        return new EmbeddedChannel(decoder, new ChunkEncoder(), new RtmpSession(host, decoder));
    }

    static void send(EmbeddedChannel ch, RtmpMessage... messages) {
        ch.writeInbound(Unpooled.wrappedBuffer(ChunkCodecTest.encode(List.of(messages))));
        ch.runPendingTasks();
    }

    static RtmpMessage command(int streamId, Object... values) {
        return new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0Writer.encode(values));
    }

    /** Everything the session wrote, decoded back into messages. */
    static List<RtmpMessage> replies(EmbeddedChannel ch) {
        byte[] bytes = ChunkCodecTest.written(ch);
        return ChunkCodecTest.decode(bytes, bytes.length).messages;
    }

    static List<String> commandNames(List<RtmpMessage> messages) {
        List<String> names = new ArrayList<>();
        for (RtmpMessage m : messages) {
            if (m.typeId() == RtmpMessage.COMMAND_AMF0) {
                List<Object> values = new Amf0Reader(m.payload()).readAll();
                names.add(values.get(0) + (values.size() > 3 && values.get(3) instanceof Map<?, ?> info ? " " + info.get("code") : ""));
            }
        }
        return names;
    }

    @Test
    void connectCreateStreamPublishGetTheirAnswers() throws Exception {
        RecordingHost host = new RecordingHost();
        EmbeddedChannel ch = session(host);
        send(ch, command(0, "connect", 1.0, Map.of("app", "LiveApp", "tcUrl", "rtmp://h/LiveApp")),
                command(0, "releaseStream", 2.0, null, "s"), command(0, "FCPublish", 3.0, null, "s"),
                command(0, "createStream", 4.0, null));
        List<RtmpMessage> replies = replies(ch);
        assertEquals(RtmpMessage.WINDOW_ACK_SIZE, replies.get(0).typeId());
        assertEquals(List.of("_result NetConnection.Connect.Success", "_result", "_result", "_result"), commandNames(replies));
        send(ch, command(1, "publish", 5.0, null, "s", "live"));
        for (int i = 0; i < 50 && !host.live.containsKey("LiveApp/s"); i++) {
            Thread.sleep(20);
        }
        Thread.sleep(50);
        ch.runPendingTasks();
        assertEquals(List.of("onStatus NetStream.Publish.Start"), commandNames(replies(ch)));
        send(ch, command(1, "FCUnpublish", 6.0, null, "s"));
        assertTrue(host.closed.contains("LiveApp/s: the publisher sent FCUnpublish"), host.closed.toString());
        assertTrue(ch.isOpen());
    }

    @Test
    void publishBeforeConnectClosesTheConnection() {
        EmbeddedChannel ch = session(new RecordingHost());
        send(ch, command(1, "publish", 5.0, null, "s", "live"));
        assertFalse(ch.isOpen());
    }

    @Test
    void brokenAmfClosesTheConnection() {
        EmbeddedChannel ch = session(new RecordingHost());
        send(ch, new RtmpMessage(RtmpMessage.COMMAND_AMF0, 0, 0, new byte[] {0x02, 0x00, 0x07, 'c', 'o', 'n'}));
        assertFalse(ch.isOpen());
    }

    @Test
    void secondConnectClosesTheConnection() {
        EmbeddedChannel ch = session(new RecordingHost());
        send(ch, command(0, "connect", 1.0, Map.of("app", "LiveApp")), command(0, "connect", 2.0, Map.of("app", "LiveApp")));
        assertFalse(ch.isOpen());
    }
}
