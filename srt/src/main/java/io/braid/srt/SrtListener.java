package io.braid.srt;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * An SRT listener in live mode. Each caller's handshake goes to a {@link Hook} (on a libsrt thread, before the
 * connection exists): it sees the peer and the stream id and accepts, optionally with the passphrase the caller must
 * use, or rejects with a code the caller is told (SRT's reject reason; 1400-1599 are the HTTP-like codes of SRT's
 * access-control guidelines). Accepted connections come out of {@link #accept()}.
 */
public final class SrtListener implements AutoCloseable {
    /** What the hook sees of a caller. */
    public record Handshake(int socket, String peer, String streamId) {
    }

    /** The hook's answer. */
    public sealed interface Decision {
        /** @param passphrase the caller's passphrase must match this one (AES), or null for no encryption */
        record Accept(String passphrase) implements Decision {
        }

        /** @param code the reject reason the caller gets (e.g. 1403 forbidden, 1404 not found) */
        record Reject(int code, String reason) implements Decision {
        }
    }

    public interface Hook {
        Decision decide(Handshake handshake);
    }

    public static final int REJECT_BAD_REQUEST = 1400;
    public static final int REJECT_UNAUTHORIZED = 1401;
    public static final int REJECT_OVERLOAD = 1402;
    public static final int REJECT_FORBIDDEN = 1403;
    public static final int REJECT_NOT_FOUND = 1404;
    public static final int REJECT_BAD_MODE = 1405;
    public static final int REJECT_CONFLICT = 1409;
    public static final int REJECT_INTERNAL = 1500;
    public static final int REJECT_DOWN = 1503;
    private static final short AF_INET = 2;

    private final Libsrt srt;
    private final int socket;
    private final Hook hook;
    private volatile boolean closed;

    private SrtListener(Libsrt srt, int socket, Hook hook) {
        this.srt = srt;
        this.socket = socket;
        this.hook = hook;
    }

    /** @return null when libsrt can be used here, else why not */
    public static String unavailableReason() {
        return Libsrt.load().isPresent() ? null : Libsrt.unavailableReason();
    }

    /**
     * Binds and listens on UDP {@code host:port} (IPv4).
     *
     * @param latencyMs the receiver latency (SRTO_RCVLATENCY): how long lost packets may take to be retransmitted
     * @throws SrtException with libsrt's message when the port cannot be bound
     */
    public static SrtListener open(String host, int port, int latencyMs, Hook hook) {
        Libsrt srt = Libsrt.acquire().orElseThrow(() -> new SrtException(Libsrt.unavailableReason()));
        try {
            int s = srt.check((int) srt.createSocket.invokeExact(), "srt_create_socket");
            SrtListener listener = new SrtListener(srt, s, hook);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment latency = arena.allocateFrom(JAVA_INT, latencyMs);
                srt.check((int) srt.setsockflag.invokeExact(s, Libsrt.SRTO_RCVLATENCY, latency, 4), "SRTO_RCVLATENCY");
                MemorySegment addr = arena.allocate(16);
                addr.set(ValueLayout.JAVA_SHORT, 0, AF_INET);
                addr.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >>> 8));
                addr.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
                byte[] ip = InetAddress.getByName(host).getAddress();
                if (ip.length != 4) {
                    throw new SrtException("SRT listens on IPv4 here; " + host + " is not IPv4");
                }
                MemorySegment.copy(ip, 0, addr, ValueLayout.JAVA_BYTE, 4, 4);
                srt.check((int) srt.bind.invokeExact(s, addr, 16), "bind " + host + ":" + port);
            }
            MethodHandle target = MethodHandles.lookup().findVirtual(SrtListener.class, "onHandshake",
                    MethodType.methodType(int.class, MemorySegment.class, int.class, int.class, MemorySegment.class, MemorySegment.class))
                    .bindTo(listener);
            // The stub lives as long as the process: libsrt may call it until the socket is fully gone.
            MemorySegment stub = Linker.nativeLinker().upcallStub(target,
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
            srt.check((int) srt.listenCallback.invokeExact(s, stub, MemorySegment.NULL), "srt_listen_callback");
            srt.check((int) srt.listen.invokeExact(s, 64), "srt_listen");
            return listener;
        } catch (SrtException e) {
            Libsrt.release();
            throw e;
        } catch (Throwable t) {
            Libsrt.release();
            throw new SrtException("SRT listener on " + host + ":" + port + ": " + t);
        }
    }

    /** Blocks for the next accepted connection; @return null once the listener is closed */
    public SrtConnection accept() {
        while (!closed) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment addr = arena.allocate(128);
                MemorySegment length = arena.allocateFrom(JAVA_INT, 128);
                int s = (int) srt.accept.invokeExact(socket, addr, length);
                if (s == Libsrt.SRT_ERROR) {
                    if (closed) {
                        return null;
                    }
                    continue; // a handshake that failed after the hook (e.g. a wrong passphrase) surfaces here
                }
                return new SrtConnection(srt, s, peer(addr), streamId(s, arena));
            } catch (Throwable t) {
                if (closed) {
                    return null;
                }
            }
        }
        return null;
    }

    /** libsrt's upcall for each handshake. It must never throw: an exception here would end the JVM. */
    @SuppressWarnings("unused")
    private int onHandshake(MemorySegment opaque, int newSocket, int hsVersion, MemorySegment peerAddress, MemorySegment streamId) {
        try {
            String id = streamId.equals(MemorySegment.NULL) ? "" : streamId.reinterpret(SrtStreamId.MAX_LENGTH + 1).getString(0, StandardCharsets.US_ASCII);
            String peer = peerAddress.equals(MemorySegment.NULL) ? "unknown" : peer(peerAddress.reinterpret(128));
            Decision d = hook.decide(new Handshake(newSocket, peer, id));
            if (d instanceof Decision.Accept accept) {
                if (accept.passphrase() != null && !accept.passphrase().isEmpty()) {
                    try (Arena arena = Arena.ofConfined()) {
                        byte[] secret = accept.passphrase().getBytes(StandardCharsets.UTF_8);
                        MemorySegment value = arena.allocate(secret.length);
                        MemorySegment.copy(secret, 0, value, ValueLayout.JAVA_BYTE, 0, secret.length);
                        if ((int) srt.setsockflag.invokeExact(newSocket, Libsrt.SRTO_PASSPHRASE, value, secret.length) == Libsrt.SRT_ERROR) {
                            return reject(newSocket, REJECT_INTERNAL);
                        }
                    }
                }
                return 0;
            }
            return reject(newSocket, ((Decision.Reject) d).code());
        } catch (Throwable t) {
            return reject(newSocket, REJECT_INTERNAL);
        }
    }

    private int reject(int newSocket, int code) {
        try {
            int ignored = (int) srt.setrejectreason.invokeExact(newSocket, code);
        } catch (Throwable t) {
            // the caller then sees a generic rejection
        }
        return -1;
    }

    private String streamId(int s, Arena arena) throws Throwable {
        MemorySegment value = arena.allocate(SrtStreamId.MAX_LENGTH + 1);
        MemorySegment length = arena.allocateFrom(JAVA_INT, SrtStreamId.MAX_LENGTH + 1);
        if ((int) srt.getsockflag.invokeExact(s, Libsrt.SRTO_STREAMID, value, length) == Libsrt.SRT_ERROR) {
            return "";
        }
        int n = Math.max(0, Math.min(length.get(JAVA_INT, 0), SrtStreamId.MAX_LENGTH));
        byte[] bytes = new byte[n];
        MemorySegment.copy(value, ValueLayout.JAVA_BYTE, 0, bytes, 0, n);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String peer(MemorySegment addr) {
        if (addr.get(ValueLayout.JAVA_SHORT, 0) != AF_INET) {
            return "ipv6";
        }
        int port = (addr.get(ValueLayout.JAVA_BYTE, 2) & 0xFF) << 8 | addr.get(ValueLayout.JAVA_BYTE, 3) & 0xFF;
        return (addr.get(ValueLayout.JAVA_BYTE, 4) & 0xFF) + "." + (addr.get(ValueLayout.JAVA_BYTE, 5) & 0xFF) + "."
                + (addr.get(ValueLayout.JAVA_BYTE, 6) & 0xFF) + "." + (addr.get(ValueLayout.JAVA_BYTE, 7) & 0xFF) + ":" + port;
    }

    /**
     * Stops listening. The last listener to close also stops libsrt (closing any connection still open), which ends its
     * threads: close the listener after its connections.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                int ignored = (int) srt.close.invokeExact(socket);
            } catch (Throwable t) {
                // closing anyway
            }
            Libsrt.release();
        }
    }
}
