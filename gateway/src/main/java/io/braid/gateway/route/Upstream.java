package io.braid.gateway.route;

import java.util.Map;

/**
 * One node the gateway may route to, as its latest heartbeat (through the registry) describes it.
 *
 * @param load         the figure balancing compares: live streams for an origin, viewers for an edge, in-flight
 *                     requests for a registry
 * @param acceptingWork false when the node's CPU or memory is at or over its own limits
 */
public record Upstream(String nodeId, String role, String nodeGroup, String ip, Map<String, Integer> ports,
                       int cpu, int memory, boolean acceptingWork, long load) {

    public Upstream withLoad(long newLoad) {
        return new Upstream(nodeId, role, nodeGroup, ip, ports, cpu, memory, acceptingWork, newLoad);
    }

    /** {@code host:port} of one of its advertised ports, or null if it does not advertise that port. */
    public String address(String port) {
        Integer p = ports == null ? null : ports.get(port);
        return p == null ? null : ip + ":" + p;
    }
}
