package io.braid.rtmp;

import io.braid.media.ByteReader;
import io.braid.media.MalformedMediaException;
import io.braid.media.amf.Amf0;
import io.braid.media.amf.Amf0Reader;
import io.braid.media.amf.Amf0Writer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One RTMP connection after the handshake: protocol control, the NetConnection and NetStream commands of a
 * publisher (connect, releaseStream, FCPublish, createStream, publish, FCUnpublish, deleteStream) and a player
 * (play), and the media that follows. Any protocol error closes this connection only, with one log line.
 */
final class RtmpSession extends SimpleChannelInboundHandler<RtmpMessage> {
    private static final System.Logger LOG = System.getLogger(RtmpSession.class.getName());
    static final long WINDOW_ACK_SIZE = 2_500_000;
    static final int OUT_CHUNK_SIZE = 4096;
    private static final int MAX_STREAMS = 8;

    private final RtmpHost host;
    private final ChunkDecoder decoder;
    private ChannelHandlerContext ctx;
    private String app;
    private String tcUrl;
    private int nextStreamId = 1;
    private long peerWindow;
    private long lastAck;
    private boolean decisionPending;
    private RtmpHost.PublishSink publishing;
    private int publishStreamId;
    private Runnable stopPlaying;
    private boolean closed;

    RtmpSession(RtmpHost host, ChunkDecoder decoder) {
        this.host = host;
        this.decoder = decoder;
    }

    static void closeWithReason(Channel channel, String reason) {
        if (!channel.isOpen()) {
            return; // already closing: bytes still buffered may fail again, which says nothing new
        }
        LOG.log(System.Logger.Level.INFO, "closing RTMP connection from {0}: {1}", channel.remoteAddress(), reason);
        channel.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage m) {
        acknowledge();
        switch (m.typeId()) {
            case RtmpMessage.WINDOW_ACK_SIZE -> peerWindow = new ByteReader(m.payload()).u32();
            case RtmpMessage.USER_CONTROL -> userControl(m);
            case RtmpMessage.ACKNOWLEDGEMENT, RtmpMessage.SET_PEER_BANDWIDTH -> {
                // nothing to do: we do not throttle our sending by the peer's acknowledgements
            }
            case RtmpMessage.COMMAND_AMF0 -> command(m, new Amf0Reader(m.payload()).readAll());
            case RtmpMessage.COMMAND_AMF3 -> command(m, amf3Wrapped(m.payload()));
            case RtmpMessage.DATA_AMF0 -> data(m);
            case RtmpMessage.AUDIO, RtmpMessage.VIDEO -> media(m);
            case RtmpMessage.AGGREGATE -> aggregate(m);
            default -> {
                // shared objects and AMF3 data are not used by publishers or players we serve
            }
        }
    }

    private void acknowledge() {
        long received = decoder.bytesReceived();
        if (peerWindow > 0 && received - lastAck >= peerWindow) {
            lastAck = received;
            ctx.write(RtmpMessage.control(RtmpMessage.ACKNOWLEDGEMENT, received & 0xFFFFFFFFL));
        }
    }

    private void userControl(RtmpMessage m) {
        ByteReader r = new ByteReader(m.payload());
        int event = r.u16();
        if (event == 6) { // PingRequest → PingResponse with the same timestamp
            long ts = r.u32();
            ctx.writeAndFlush(new RtmpMessage(RtmpMessage.USER_CONTROL, 0, 0,
                    new byte[] {0, 7, (byte) (ts >>> 24), (byte) (ts >>> 16), (byte) (ts >>> 8), (byte) ts}));
        }
    }

    private static List<Object> amf3Wrapped(byte[] payload) {
        if (payload.length == 0) {
            throw new MalformedMediaException("empty AMF3 command");
        }
        return new Amf0Reader(payload, 1, payload.length - 1).readAll(); // AMF3 commands are AMF0 after one byte
    }

    private void command(RtmpMessage m, List<Object> values) {
        String name = values.isEmpty() ? null : Amf0.string(values.get(0));
        if (name == null) {
            throw new MalformedMediaException("command message without a name");
        }
        double txn = values.size() > 1 ? Amf0.number(values.get(1), 0) : 0;
        switch (name) {
            case "connect" -> connect(txn, values.size() > 2 ? Amf0.object(values.get(2)) : Map.of());
            case "createStream" -> {
                requireConnected(name);
                if (nextStreamId > MAX_STREAMS) {
                    throw new MalformedMediaException("more than " + MAX_STREAMS + " createStream calls");
                }
                sendCommand(0, "_result", txn, null, (double) nextStreamId++);
            }
            case "releaseStream", "FCPublish" -> {
                requireConnected(name);
                sendCommand(0, "_result", txn, null, null);
            }
            case "publish" -> publish(m.streamId(), values.size() > 3 ? Amf0.string(values.get(3)) : null);
            case "play" -> play(m.streamId(), values.size() > 3 ? Amf0.string(values.get(3)) : null);
            case "FCUnpublish", "deleteStream", "closeStream" -> stopPublishing("the publisher sent " + name);
            default -> {
                // getStreamLength, _checkbw, receiveAudio/Video and the like need no answer from a live origin
            }
        }
    }

    private void connect(double txn, Map<String, Object> props) {
        if (app != null) {
            throw new MalformedMediaException("connect sent twice");
        }
        String requested = Amf0.string(props.get("app"));
        if (requested == null || requested.isBlank() || requested.length() > 256) {
            throw new MalformedMediaException("connect without a usable app name");
        }
        app = requested;
        tcUrl = Amf0.string(props.get("tcUrl"));
        ctx.write(RtmpMessage.control(RtmpMessage.WINDOW_ACK_SIZE, WINDOW_ACK_SIZE));
        byte[] window = RtmpMessage.control(RtmpMessage.SET_PEER_BANDWIDTH, WINDOW_ACK_SIZE).payload();
        ctx.write(new RtmpMessage(RtmpMessage.SET_PEER_BANDWIDTH, 0, 0, new byte[] {window[0], window[1], window[2], window[3], 2})); // 2: dynamic
        ctx.write(RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, OUT_CHUNK_SIZE));
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("fmsVer", "FMS/3,0,1,123");
        server.put("capabilities", 31.0);
        Map<String, Object> info = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
        info.put("objectEncoding", Amf0.number(props.get("objectEncoding"), 0));
        sendCommand(0, "_result", txn, server, info);
    }

    private void publish(int streamId, String name) {
        requireConnected("publish");
        if (publishing != null || decisionPending || stopPlaying != null) {
            throw new MalformedMediaException("publish on a connection that already publishes or plays");
        }
        StreamRequest request = StreamRequest.of(app, name, tcUrl, String.valueOf(ctx.channel().remoteAddress()));
        decisionPending = true;
        host.publish(request).whenComplete((decision, error) -> ctx.executor().execute(() -> {
            decisionPending = false;
            if (closed) {
                if (decision instanceof RtmpHost.PublishDecision.Accepted a) {
                    a.sink().closed("the publisher left before its publish was accepted");
                }
                return;
            }
            if (error != null) {
                LOG.log(System.Logger.Level.WARNING, "publish decision for {0}/{1} failed: {2}", request.app(), request.streamId(), error.toString());
                reject(streamId, "NetStream.Publish.Rejected", "internalError: " + error.getMessage(), request);
            } else if (decision instanceof RtmpHost.PublishDecision.Rejected r) {
                reject(streamId, r.code(), r.description(), request);
            } else if (decision instanceof RtmpHost.PublishDecision.Accepted a) {
                publishing = a.sink();
                publishStreamId = streamId;
                ctx.write(streamBegin(streamId));
                sendStatus(streamId, "status", "NetStream.Publish.Start", request.streamId() + " is now published.");
            }
        }));
    }

    private void reject(int streamId, String code, String description, StreamRequest request) {
        LOG.log(System.Logger.Level.INFO, "refused publish of {0}/{1} from {2}: {3} {4}", request.app(), request.streamId(), request.remoteAddress(), code, description);
        ctx.writeAndFlush(statusMessage(streamId, "error", code, description)).addListener(ChannelFutureListener.CLOSE);
    }

    private void play(int streamId, String name) {
        requireConnected("play");
        if (publishing != null || decisionPending || stopPlaying != null) {
            throw new MalformedMediaException("play on a connection that already publishes or plays");
        }
        StreamRequest request = StreamRequest.of(app, name, tcUrl, String.valueOf(ctx.channel().remoteAddress()));
        ChannelPlayer player = new ChannelPlayer(ctx.channel(), streamId, request.streamId(), ChannelPlayer.Flush.of(request),
                ChannelPlayer.Audio.of(request));
        decisionPending = true;
        host.play(request, player).whenComplete((decision, error) -> ctx.executor().execute(() -> {
            decisionPending = false;
            if (decision instanceof RtmpHost.PlayDecision.Accepted a) {
                player.start();
                stopPlaying = a.onStop();
                if (closed) {
                    stopPlaying.run();
                }
            } else {
                String code = decision instanceof RtmpHost.PlayDecision.Rejected r ? r.code() : "NetStream.Play.Failed";
                String description = decision instanceof RtmpHost.PlayDecision.Rejected r ? r.description() : String.valueOf(error);
                LOG.log(System.Logger.Level.INFO, "refused play of {0}/{1} from {2}: {3}", request.app(), request.streamId(), request.remoteAddress(), description);
                ctx.writeAndFlush(statusMessage(streamId, "error", code, description)).addListener(ChannelFutureListener.CLOSE);
            }
        }));
    }

    /** The messages a player needs before any media. */
    static List<RtmpMessage> playStart(int streamId, String streamName) {
        return List.of(streamBegin(streamId),
                statusMessage(streamId, "status", "NetStream.Play.Reset", "Playing and resetting " + streamName + "."),
                statusMessage(streamId, "status", "NetStream.Play.Start", "Started playing " + streamName + "."),
                new RtmpMessage(RtmpMessage.DATA_AMF0, streamId, 0, Amf0Writer.encode("|RtmpSampleAccess", true, true)));
    }

    private void data(RtmpMessage m) {
        if (publishing == null) {
            return;
        }
        List<Object> values = new Amf0Reader(m.payload()).readAll();
        if (values.size() >= 3 && "@setDataFrame".equals(values.get(0)) && "onMetaData".equals(values.get(1))) {
            // Players get onMetaData without the @setDataFrame wrapper, as Flash Media Server does.
            publishing.message(new RtmpMessage(RtmpMessage.DATA_AMF0, m.streamId(), m.timestamp(), Amf0Writer.encode("onMetaData", values.get(2))));
        } else if (!values.isEmpty() && "onMetaData".equals(values.get(0))) {
            publishing.message(m);
        }
    }

    private void media(RtmpMessage m) {
        if (publishing != null && m.streamId() == publishStreamId) {
            publishing.message(m);
        }
    }

    /** Type 22 carries FLV tags back to back; each becomes its own message, re-timed to the aggregate's clock. */
    private void aggregate(RtmpMessage m) {
        ByteReader r = new ByteReader(m.payload());
        long offset = Long.MIN_VALUE;
        while (r.remaining() > 0) {
            int type = r.u8();
            int size = r.u24();
            long ts = r.u24() | (long) r.u8() << 24;
            r.skip(3);
            byte[] body = r.bytes(size);
            r.skip(4);
            if (offset == Long.MIN_VALUE) {
                offset = m.timestamp() - ts;
            }
            if (type == RtmpMessage.AUDIO || type == RtmpMessage.VIDEO) {
                media(new RtmpMessage(type, m.streamId(), (ts + offset) & 0xFFFFFFFFL, body));
            }
        }
    }

    private void stopPublishing(String reason) {
        if (publishing != null) {
            RtmpHost.PublishSink sink = publishing;
            publishing = null;
            sink.closed(reason);
            sendStatus(publishStreamId, "status", "NetStream.Unpublish.Success", reason);
        }
    }

    private void requireConnected(String command) {
        if (app == null) {
            throw new MalformedMediaException(command + " before connect");
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && stopPlaying == null) {
            closeWithReason(ctx.channel(), "nothing received for too long");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (publishing != null) {
            RtmpHost.PublishSink sink = publishing;
            publishing = null;
            sink.closed("the connection closed");
        }
        if (stopPlaying != null) {
            stopPlaying.run();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof MalformedMediaException) {
            closeWithReason(ctx.channel(), reason.getMessage());
        } else if (reason instanceof java.io.IOException) {
            ctx.close(); // resets and broken pipes are how many clients leave
        } else {
            LOG.log(System.Logger.Level.WARNING, "closing RTMP connection from " + ctx.channel().remoteAddress() + " after an error", reason);
            ctx.close();
        }
    }

    private void sendCommand(int streamId, Object... values) {
        ctx.write(new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0Writer.encode(values)));
    }

    private void sendStatus(int streamId, String level, String code, String description) {
        ctx.writeAndFlush(statusMessage(streamId, level, code, description));
    }

    static RtmpMessage statusMessage(int streamId, String level, String code, String description) {
        return new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0Writer.encode("onStatus", 0.0, null, status(level, code, description)));
    }

    private static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description == null ? "" : description);
        return info;
    }

    static RtmpMessage streamBegin(int streamId) {
        return new RtmpMessage(RtmpMessage.USER_CONTROL, 0, 0, new byte[] {0, 0, (byte) (streamId >>> 24), (byte) (streamId >>> 16), (byte) (streamId >>> 8), (byte) streamId});
    }
}
