package io.braid.webrtc.ice;

import io.braid.webrtc.udp.UdpIo;
import io.braid.webrtc.udp.UdpSocket;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One UDP port for every WebRTC session of a node (ICE-lite, as SRS does). Datagrams are told apart by their first
 * byte (RFC 7983): STUN goes to the {@link StunResponder}, which finds the session by ufrag and, once the check
 * passes, ties the source address to it; DTLS and SRTP are handed to the session their source address belongs to.
 * Anything from an unknown address is dropped.
 */
public final class UdpMux implements AutoCloseable {
    private final StunResponder responder;
    private final Map<InetSocketAddress, Route> routes = new ConcurrentHashMap<>();
    private final IceTransportStats stats;
    private final UdpSocket socket;

    /** A checked address, its session, and the path used to answer it. */
    private record Route(IceSession session, TransportPath path) {
    }

    /** Binds {@code bind} with {@code io}'s kind of socket; {@code group} serves a {@link UdpIo#NIO} one. */
    public UdpMux(EventLoopGroup group, InetSocketAddress bind, UdpIo io, IceRegistry registry, IceTransportStats stats) throws IOException {
        this.responder = new StunResponder(registry);
        this.stats = stats;
        this.socket = io.open(group, bind, 4 << 20, this::datagram);
    }

    public int port() {
        return socket.port();
    }

    /** "sendmmsg" or "nio": how this port does its I/O. */
    public String io() {
        return socket.kind();
    }

    /** Datagrams the socket dropped: too long or empty on the way in, its send queue full, or no route on the way out. */
    public long dropped() {
        return socket.dropped();
    }

    /** Forgets every address a session used (called when it closes). */
    public void forget(IceSession session) {
        routes.values().removeIf(r -> r.session() == session);
    }

    @Override
    public void close() {
        socket.close();
    }

    private void datagram(byte[] data, InetSocketAddress from) {
        stats.datagramsIn.increment();
        stats.bytesIn.add(data.length);
        switch (PacketKind.of(data[0])) {
            case STUN -> stun(data, from);
            case DTLS -> {
                Route r = routes.get(from);
                if (r == null) {
                    stats.unknownSource.increment();
                } else {
                    r.session().dtls(r.path(), data);
                }
            }
            case SRTP -> {
                Route r = routes.get(from);
                if (r == null) {
                    stats.unknownSource.increment();
                } else {
                    r.session().srtp(r.path(), data);
                }
            }
            case OTHER -> stats.unknownSource.increment();
        }
    }

    private void stun(byte[] data, InetSocketAddress from) {
        StunResponder.Result result = responder.handle(data, 0, data.length, from);
        stats.stun(result.outcome());
        if (result.outcome() != StunResponder.Outcome.ANSWERED) {
            return;
        }
        Route route = routes.get(from);
        if (route == null || route.session() != result.session()) {
            route = new Route(result.session(), new UdpPath(from));
            routes.put(from, route);
        }
        // The session learns its path (and starts DTLS) before the answer leaves: a browser sends its ClientHello the
        // moment the answer arrives, and a ClientHello before that would be dropped and retransmitted only after 1 s.
        result.session().connectivityCheck(route.path(), result.nominated());
        route.path().send(result.response(), 0, result.response().length);
    }

    private final class UdpPath implements TransportPath {
        private final InetSocketAddress remote;

        UdpPath(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public void send(byte[] data, int offset, int length) {
            stats.datagramsOut.increment();
            stats.bytesOut.add(length);
            socket.send(data, offset, length, remote);
        }

        @Override
        public String protocol() {
            return "udp";
        }
    }
}
