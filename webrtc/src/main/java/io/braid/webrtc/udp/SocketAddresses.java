package io.braid.webrtc.udp;

import static io.braid.webrtc.udp.LinuxLibc.AF_INET;
import static io.braid.webrtc.udp.LinuxLibc.AF_INET6;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** {@code struct sockaddr_in} / {@code sockaddr_in6} to and from {@link InetSocketAddress}. */
final class SocketAddresses {
    private SocketAddresses() {
    }

    /**
     * Writes {@code address} for a socket of {@code family} and returns its length, or -1 when it cannot be (an IPv6
     * address on an IPv4 socket). An IPv4 address on an IPv6 socket is written IPv4-mapped ({@code ::ffff:a.b.c.d}).
     */
    static int encode(InetSocketAddress address, int family, MemorySegment to) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return -1;
        }
        byte[] raw = ip.getAddress();
        to.fill((byte) 0);
        to.set(JAVA_SHORT, 0, (short) family);
        to.set(JAVA_BYTE, 2, (byte) (address.getPort() >> 8));
        to.set(JAVA_BYTE, 3, (byte) address.getPort());
        if (family == AF_INET) {
            if (raw.length != 4) {
                return -1;
            }
            MemorySegment.copy(raw, 0, to, JAVA_BYTE, 4, 4);
            return 16;
        }
        if (raw.length == 4) {
            to.set(JAVA_BYTE, 18, (byte) 0xFF);
            to.set(JAVA_BYTE, 19, (byte) 0xFF);
            MemorySegment.copy(raw, 0, to, JAVA_BYTE, 20, 4);
        } else {
            MemorySegment.copy(raw, 0, to, JAVA_BYTE, 8, 16);
            if (ip instanceof Inet6Address v6 && v6.getScopeId() != 0) {
                to.set(JAVA_INT, 24, v6.getScopeId());
            }
        }
        return 28;
    }

    /** Reads the address the kernel wrote; an IPv4-mapped IPv6 one comes back as the IPv4 address. */
    static InetSocketAddress decode(MemorySegment from) throws UnknownHostException {
        int family = from.get(JAVA_SHORT, 0);
        int port = (from.get(JAVA_BYTE, 2) & 0xFF) << 8 | from.get(JAVA_BYTE, 3) & 0xFF;
        byte[] raw;
        if (family == AF_INET) {
            raw = from.asSlice(4, 4).toArray(JAVA_BYTE);
        } else if (family == AF_INET6) {
            raw = from.asSlice(8, 16).toArray(JAVA_BYTE);
        } else {
            throw new IllegalArgumentException("address family " + family);
        }
        InetAddress ip = InetAddress.getByAddress(raw); // an IPv4-mapped one becomes an Inet4Address
        return new InetSocketAddress(ip, port);
    }
}
