package io.braid.webrtc.udp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The socket calls of Linux's libc that a batching UDP socket needs, bound once through the FFM API: {@code socket},
 * {@code bind}, {@code setsockopt}, {@code getsockname}, {@code sendmmsg}, {@code recvmmsg}, {@code close}, each
 * capturing {@code errno}. The struct offsets are those of the LP64 Linux ABI (x86-64 and aarch64 agree);
 * {@link #load()} refuses any other platform, and the socket then falls back to Netty's NIO channel.
 */
final class LinuxLibc {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 02000000;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SO_NO_CHECK = 11;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int MSG_WAITFORONE = 0x10000;
    static final int MSG_TRUNC = 0x20;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EINVAL = 22;

    /** {@code struct sockaddr_in6}, big enough for a {@code sockaddr_in} too. */
    static final long SOCKADDR_SIZE = 28;
    /** {@code struct iovec}: base pointer, length. */
    static final long IOVEC_SIZE = 16;
    /** {@code struct mmsghdr}: a {@code struct msghdr} (56 bytes) then {@code msg_len}, padded to 64. */
    static final long MMSGHDR_SIZE = 64;
    static final long MSG_NAME = 0;
    static final long MSG_NAMELEN = 8;
    static final long MSG_IOV = 16;
    static final long MSG_IOVLEN = 24;
    static final long MSG_CONTROL = 32;
    static final long MSG_CONTROLLEN = 40;
    static final long MSG_FLAGS = 48;
    static final long MSG_LEN = 56;

    private static volatile LinuxLibc instance;
    private static volatile String unavailable;

    private final StructLayout callState = Linker.Option.captureStateLayout();
    private final VarHandle errnoHandle = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    final MethodHandle socket;
    final MethodHandle bind;
    final MethodHandle setsockopt;
    final MethodHandle getsockname;
    final MethodHandle sendmmsg;
    final MethodHandle recvmmsg;
    final MethodHandle close;

    private LinuxLibc() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        socket = handle(linker, libc, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        bind = handle(linker, libc, "bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        setsockopt = handle(linker, libc, "setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        getsockname = handle(linker, libc, "getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), errno);
        sendmmsg = handle(linker, libc, "sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), errno);
        recvmmsg = handle(linker, libc, "recvmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), errno);
        close = handle(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
    }

    private static MethodHandle handle(Linker linker, SymbolLookup libc, String name, FunctionDescriptor descriptor, Linker.Option errno) {
        MemorySegment symbol = libc.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return linker.downcallHandle(symbol, descriptor, errno);
    }

    /** The bindings, or null with {@link #unavailable()} saying why (not Linux LP64, or no native access). */
    static LinuxLibc load() {
        if (instance == null && unavailable == null) {
            synchronized (LinuxLibc.class) {
                if (instance == null && unavailable == null) {
                    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
                    String arch = System.getProperty("os.arch", "");
                    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))
                            || ValueLayout.ADDRESS.byteSize() != 8) {
                        unavailable = "batched UDP needs Linux on x86-64 or aarch64 (this is " + os + " " + arch + ")";
                    } else {
                        try {
                            instance = new LinuxLibc();
                        } catch (RuntimeException | LinkageError e) {
                            unavailable = "libc's socket calls could not be bound: " + e;
                        }
                    }
                }
            }
        }
        return instance;
    }

    static String unavailable() {
        return unavailable;
    }

    /** A segment for one call's captured errno. */
    MemorySegment callState(Arena arena) {
        return arena.allocate(callState);
    }

    int errno(MemorySegment state) {
        return (int) errnoHandle.get(state, 0L);
    }
}
