package io.braid.registry.node;

import io.braid.core.app.AppNames;
import io.braid.core.broadcast.StreamIds;
import io.braid.core.cluster.NodeIds;
import io.braid.core.cluster.StreamViewers;
import io.braid.core.event.HeartbeatEvent;

/** What a heartbeat must hold before it is stored. */
final class HeartbeatChecks {
    private static final long MAX_PERIOD_MS = 300_000;
    /** Keeps a heartbeat well under Kafka's 1 MB message limit; an edge with more watched streams reports its busiest. */
    static final int MAX_VIEWED_STREAMS = 5000;

    private HeartbeatChecks() {
    }

    static String problem(HeartbeatEvent hb) {
        if (!HeartbeatEvent.TYPE.equals(hb.type())) {
            return "type is not heartbeat";
        }
        if (!NodeIds.isValid(hb.nodeId())) {
            return "nodeId missing or invalid";
        }
        if (hb.role() == null) {
            return "role missing";
        }
        if (hb.time() <= 0 || hb.updatePeriodMs() <= 0 || hb.updatePeriodMs() > MAX_PERIOD_MS) {
            return "time or updatePeriodMs out of range";
        }
        if (hb.load() == null) {
            return "load missing";
        }
        if (length(hb.nodeGroup()) > 128 || length(hb.ip()) > 256 || length(hb.serverName()) > 256) {
            return "nodeGroup, ip or serverName too long";
        }
        if (hb.ports() != null && hb.ports().size() > 32) {
            return "too many ports";
        }
        if (hb.viewers() != null) {
            if (hb.viewers().size() > MAX_VIEWED_STREAMS) {
                return "viewers lists more than " + MAX_VIEWED_STREAMS + " streams";
            }
            for (StreamViewers v : hb.viewers()) {
                if (v == null || AppNames.problem(v.app()) != null || !StreamIds.isValid(v.streamId()) || v.hls() < 0 || v.dash() < 0 || v.webrtc() < 0) {
                    return "viewers has an invalid entry";
                }
            }
        }
        return null;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
