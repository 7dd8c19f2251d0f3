package io.braid.webrtc.ice;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host candidates a node advertises: one per advertised address on the shared UDP port, and the same addresses on
 * the ICE-TCP port as passive candidates (RFC 6544) when one is open. The addresses are configured (a public or NAT
 * 1:1 address, several for several networks), or else this machine's IPv4 interface addresses. Wrong advertised
 * addresses are the first cause of "it connects but never plays", so the list is logged at start-up.
 */
public final class HostCandidates {
    private final List<InetAddress> addresses;
    private final int udpPort;
    private final int tcpPort;

    public HostCandidates(List<InetAddress> addresses, int udpPort, int tcpPort) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no address to advertise");
        }
        this.addresses = List.copyOf(addresses);
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
    }

    /** Resolves configured host names or IPs; an empty list means this machine's interface addresses. */
    public static List<InetAddress> resolve(List<String> configured) throws UnknownHostException {
        Set<InetAddress> out = new LinkedHashSet<>();
        for (String host : configured) {
            if (!host.isBlank()) {
                Collections.addAll(out, InetAddress.getAllByName(host.trim()));
            }
        }
        if (!out.isEmpty()) {
            return new ArrayList<>(out);
        }
        List<InetAddress> loopback = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        if (a.isLoopbackAddress()) {
                            loopback.add(a);
                        } else {
                            out.add(a);
                        }
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        out.addAll(loopback.isEmpty() ? List.of(InetAddress.getLoopbackAddress()) : loopback);
        return new ArrayList<>(out);
    }

    public List<InetAddress> addresses() {
        return addresses;
    }

    /** {@code candidate:...} values (without {@code a=}), UDP first (preferred), then TCP passive. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        int index = 0;
        for (InetAddress a : addresses) {
            out.add("candidate:" + (1 + index) + " 1 udp " + priority(126, index) + " " + a.getHostAddress() + " " + udpPort + " typ host");
            index++;
        }
        if (tcpPort > 0) {
            int t = 0;
            for (InetAddress a : addresses) {
                out.add("candidate:" + (100 + t) + " 1 tcp " + priority(90, t) + " " + a.getHostAddress() + " " + tcpPort + " typ host tcptype passive");
                t++;
            }
        }
        return out;
    }

    /** RFC 8445 section 5.1.2.1: type preference, then local preference by the address's place in the list. */
    static long priority(int typePreference, int index) {
        return ((long) typePreference << 24) + ((long) (65535 - index) << 8) + 255;
    }
}
