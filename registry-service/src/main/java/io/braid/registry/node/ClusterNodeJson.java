package io.braid.registry.node;

import io.braid.core.cluster.NodeState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;

/**
 * The ClusterNode JSON users see. Status is computed at read time from the node's deadline. The Ant Media alias
 * paths get Ant Media's spellings ({@code "alive"/"dead"}, {@code dbQueryAveargeTimeMs}) as well.
 */
public final class ClusterNodeJson {
    private ClusterNodeJson() {
    }

    public static Map<String, Object> of(Document node, long now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", node.getString("_id"));
        json.put("ip", node.getString("ip"));
        json.put("status", NodeStore.statusOf(node, now).name());
        json.put("state", NodeState.parse(node.getString("state")).wireName());
        json.put("lastUpdateTime", number(node, "lastUpdateTime"));
        json.put("cpu", number(node, "cpu"));
        json.put("memory", number(node, "memory"));
        json.put("dbQueryAverageTimeMs", number(node, "dbQueryAverageTimeMs"));
        json.put("role", node.getString("role"));
        json.put("nodeGroup", node.getString("nodeGroup"));
        json.put("serverName", node.getString("serverName"));
        json.put("ports", node.get("ports", new Document()));
        json.put("load", node.get("load", new Document()));
        json.put("acceptingWork", Boolean.TRUE.equals(node.getBoolean("acceptingWork")));
        json.put("updatePeriodMs", number(node, "updatePeriodMs"));
        return json;
    }

    public static Map<String, Object> amsOf(Document node, long now) {
        Map<String, Object> json = of(node, now);
        json.put("status", ((String) json.get("status")).toLowerCase(java.util.Locale.ROOT));
        json.put("dbQueryAveargeTimeMs", json.get("dbQueryAverageTimeMs"));
        return json;
    }

    private static long number(Document d, String key) {
        Number n = d.get(key, Number.class);
        return n == null ? 0 : n.longValue();
    }
}
