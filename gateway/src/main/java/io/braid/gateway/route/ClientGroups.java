package io.braid.gateway.route;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The node group a client belongs to: the {@code X-Braid-Node-Group} header when it names a group, else the group of
 * the most specific configured CIDR block holding the client's address, else none (any group will do). Blocks are
 * checked when configured: a bad one stops start-up with its text in the message, rather than routing wrongly.
 */
public final class ClientGroups {
    public static final String HEADER = "X-Braid-Node-Group";
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private record Block(byte[] network, int prefix, String group) {
    }

    private final List<Block> blocks = new ArrayList<>();

    /** @param cidrToGroup e.g. {@code 10.1.0.0/16 -> eu}, {@code 2001:db8::/32 -> us} */
    public ClientGroups(Map<String, String> cidrToGroup) {
        cidrToGroup.forEach((cidr, group) -> {
            if (group == null || !GROUP.matcher(group).matches()) {
                throw new IllegalArgumentException("node group '" + group + "' for " + cidr + " is not a group name");
            }
            int slash = cidr.indexOf('/');
            byte[] network = slash < 0 ? null : literal(cidr.substring(0, slash));
            int prefix = -1;
            try {
                prefix = slash < 0 ? -1 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException ignored) {
                // reported below
            }
            if (network == null || prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block such as 10.1.0.0/16");
            }
            blocks.add(new Block(network, prefix, group));
        });
        blocks.sort(Comparator.comparingInt(Block::prefix).reversed());
    }

    /** @return the client's group, or null when nothing says */
    public String groupOf(String header, String clientAddress) {
        if (header != null && GROUP.matcher(header).matches()) {
            return header;
        }
        if (blocks.isEmpty()) {
            return null;
        }
        byte[] address = clientAddress == null ? null : literal(clientAddress);
        if (address == null) {
            return null;
        }
        for (Block b : blocks) {
            if (b.network().length == address.length && samePrefix(b.network(), address, b.prefix())) {
                return b.group();
            }
        }
        return null;
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }

    /** An IPv4 or IPv6 literal's bytes, or null; never a name lookup. */
    private static byte[] literal(String text) {
        if (!ADDRESS_LITERAL.matcher(text).matches() || text.indexOf(':') < 0 && text.chars().filter(c -> c == '.').count() != 3) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
