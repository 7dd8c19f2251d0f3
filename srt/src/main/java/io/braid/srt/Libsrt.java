package io.braid.srt;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * The few libsrt 1.5 calls Braid needs, bound once through the FFM API (no JNI, no generated code). The library is
 * Debian's {@code libsrt1.5-gnutls} or {@code -openssl}; {@link #load()} says why it cannot be used when it is not there.
 */
final class Libsrt {
    static final int SRT_ERROR = -1;
    static final int SRTO_RCVSYN = 2;
    static final int SRTO_RCVTIMEO = 14;
    static final int SRTO_LATENCY = 23;
    static final int SRTO_PASSPHRASE = 26;
    static final int SRTO_PBKEYLEN = 27;
    static final int SRTO_RCVLATENCY = 43;
    static final int SRTO_STREAMID = 46;
    static final int SRTO_PAYLOADSIZE = 49;
    /** Offsets into SRT_TRACEBSTATS (srt.h 1.5.1, x86-64; measured with offsetof), and its size. */
    static final long STATS_SIZE = 496;
    static final long PKT_RECV_TOTAL = 16;
    static final long PKT_RCV_LOSS_TOTAL = 28;
    static final long PKT_RCV_DROP_TOTAL = 68;
    static final long BYTE_RECV_TOTAL = 88;
    static final long PKT_RCV_RETRANS = 164;
    static final long MBPS_RECV_RATE = 192;
    static final long MS_RTT = 328;
    static final long BYTE_AVAIL_RCV_BUF = 348;
    static final long MS_RCV_BUF = 388;
    static final long MS_RCV_TSBPD_DELAY = 392;
    private static final List<String> NAMES = List.of("libsrt-gnutls.so.1.5", "libsrt-openssl.so.1.5", "libsrt.so.1.5", "libsrt.so.1");

    private static volatile Libsrt instance;
    private static volatile String unavailable;

    final MethodHandle startup;
    final MethodHandle cleanup;
    final MethodHandle createSocket;
    final MethodHandle setsockflag;
    final MethodHandle getsockflag;
    final MethodHandle bind;
    final MethodHandle listen;
    final MethodHandle accept;
    final MethodHandle listenCallback;
    final MethodHandle setrejectreason;
    final MethodHandle recvmsg;
    final MethodHandle close;
    final MethodHandle lastErrorString;
    final MethodHandle bstats;
    final MethodHandle getsockstate;

    private Libsrt(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        startup = handle(linker, lib, "srt_startup", FunctionDescriptor.of(JAVA_INT));
        cleanup = handle(linker, lib, "srt_cleanup", FunctionDescriptor.of(JAVA_INT));
        createSocket = handle(linker, lib, "srt_create_socket", FunctionDescriptor.of(JAVA_INT));
        setsockflag = handle(linker, lib, "srt_setsockflag", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        getsockflag = handle(linker, lib, "srt_getsockflag", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        bind = handle(linker, lib, "srt_bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        listen = handle(linker, lib, "srt_listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        accept = handle(linker, lib, "srt_accept", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        listenCallback = handle(linker, lib, "srt_listen_callback", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        setrejectreason = handle(linker, lib, "srt_setrejectreason", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        recvmsg = handle(linker, lib, "srt_recvmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        close = handle(linker, lib, "srt_close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        lastErrorString = handle(linker, lib, "srt_getlasterror_str", FunctionDescriptor.of(ADDRESS));
        bstats = handle(linker, lib, "srt_bstats", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        getsockstate = handle(linker, lib, "srt_getsockstate", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private static int users;

    /**
     * Starts libsrt for one more user (a listener). libsrt's own threads call into Java (the listen callback), which
     * attaches them to the JVM; they end only at {@code srt_cleanup}, so the last user's {@link #release()} calls it,
     * or the JVM could never exit.
     */
    static synchronized Optional<Libsrt> acquire() {
        Optional<Libsrt> srt = load();
        srt.ifPresent(s -> {
            if (users++ > 0) {
                return;
            }
            try {
                int started = (int) s.startup.invokeExact();
                if (started < 0) {
                    users--;
                    throw new SrtException("srt_startup failed: " + s.lastError());
                }
            } catch (SrtException e) {
                throw e;
            } catch (Throwable t) {
                users--;
                throw new SrtException("srt_startup: " + t);
            }
        });
        return srt;
    }

    static synchronized void release() {
        if (instance == null || users == 0 || --users > 0) {
            return;
        }
        try {
            int ignored = (int) instance.cleanup.invokeExact();
        } catch (Throwable t) {
            // nothing more to do at the end
        }
    }

    /** @return the bound library (not started); or empty with {@link #unavailableReason()} saying why */
    static synchronized Optional<Libsrt> load() {
        if (instance != null) {
            return Optional.of(instance);
        }
        if (unavailable != null) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            try {
                Libsrt srt = new Libsrt(SymbolLookup.libraryLookup(name, Arena.global()));
                instance = srt;
                return Optional.of(srt);
            } catch (IllegalArgumentException notThere) {
                // try the next name
            } catch (Throwable t) {
                unavailable = "libsrt " + name + " could not be bound: " + t;
                return Optional.empty();
            }
        }
        unavailable = "libsrt 1.5 not found (" + String.join(", ", NAMES) + "); install libsrt1.5-gnutls";
        return Optional.empty();
    }

    static String unavailableReason() {
        return unavailable;
    }

    String lastError() {
        try {
            MemorySegment text = (MemorySegment) lastErrorString.invokeExact();
            return text.equals(MemorySegment.NULL) ? "unknown SRT error" : text.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            return "unknown SRT error (" + t + ")";
        }
    }

    /** Throws {@link SrtException} with libsrt's message when {@code result} is SRT_ERROR. */
    int check(int result, String what) {
        if (result == SRT_ERROR) {
            throw new SrtException(what + ": " + lastError());
        }
        return result;
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lib, String name, FunctionDescriptor descriptor) {
        return linker.downcallHandle(lib.find(name).orElseThrow(() -> new IllegalArgumentException("no symbol " + name)), descriptor);
    }
}
