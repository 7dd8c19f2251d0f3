package io.braid.agent.identity;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/**
 * The address other nodes use to reach this one: {@code braid.node.ip} if set; else the first private IPv4
 * address (Ant Media's default), or with {@code useGlobalIp=true} the first public one; else loopback.
 * No external "what is my IP" service is called: behind NAT, set {@code braid.node.ip}.
 */
public final class AdvertisedAddress {
    private AdvertisedAddress() {
    }

    public static String resolve(Optional<String> configured, boolean useGlobalIp) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return configured.get().trim();
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()
                            && address.isSiteLocalAddress() != useGlobalIp) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException ignored) {
            // fall back to loopback below
        }
        return "127.0.0.1";
    }
}
