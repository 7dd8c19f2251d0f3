package io.braid.registry.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.braid.agent.ClusterAgent;
import io.braid.agent.rest.SystemResourcesView;
import io.braid.core.cluster.NodeStatus;
import io.braid.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.bson.Document;

/**
 * The registry answers {@code system-resources-info} for the whole cluster: viewers and streams summed over ALIVE
 * nodes, CPU and memory as their mean, and each node's figures in {@code nodes}. {@code ?nodeId=} returns that
 * node's own document, as its last heartbeat carried it.
 */
@ApplicationScoped
public class ClusterSystemResourcesView implements SystemResourcesView {
    private static final String[] SUMMED = {"localLiveStreams", "localWebRTCLiveStreams", "localWebRTCViewers",
        "localHLSViewers", "localDASHViewers", "localRTMPViewers", "encoderQueueSize", "ingestBitrate"};

    @Inject
    NodeStore nodes;
    @Inject
    ClusterAgent agent;

    @Override
    public JsonNode systemResources(String nodeId) {
        long now = System.currentTimeMillis();
        if (nodeId != null) {
            if (nodeId.equals(agent.self().nodeId())) {
                return agent.systemResources();
            }
            return nodes.find(nodeId).map(n -> {
                Document resources = n.get("resources", Document.class);
                return resources == null ? null : (JsonNode) readTree(resources.toJson());
            }).orElse(null);
        }
        List<Document> all = nodes.list(null, null);
        ObjectNode root = agent.systemResources();
        root.put("instanceId", "cluster");
        long[] sums = new long[SUMMED.length];
        long cpuSum = 0;
        long memorySum = 0;
        int alive = 0;
        ArrayNode perNode = Json.MAPPER.createArrayNode();
        for (Document node : all) {
            NodeStatus status = NodeStore.statusOf(node, now);
            Document load = node.get("load", new Document());
            ObjectNode entry = perNode.addObject();
            entry.put("id", node.getString("_id"));
            entry.put("role", node.getString("role"));
            entry.put("nodeGroup", node.getString("nodeGroup"));
            entry.put("status", status.name());
            entry.put("cpu", number(node, "cpu"));
            entry.put("memory", number(node, "memory"));
            for (String key : SUMMED) {
                entry.put(key, number(load, key));
            }
            if (status == NodeStatus.ALIVE) {
                alive++;
                cpuSum += number(node, "cpu");
                memorySum += number(node, "memory");
                for (int i = 0; i < SUMMED.length; i++) {
                    sums[i] += number(load, SUMMED[i]);
                }
            }
        }
        for (int i = 0; i < SUMMED.length; i++) {
            root.put(SUMMED[i], sums[i]);
        }
        root.put("totalLiveStreamSize", sums[0]);
        ((ObjectNode) root.get("cpuUsage")).put("systemCPULoad", alive == 0 ? 0 : (int) Math.round((double) cpuSum / alive));
        root.put("memoryUsagePercent", alive == 0 ? 0 : (int) Math.round((double) memorySum / alive));
        root.put("aliveNodes", alive);
        root.put("totalNodes", all.size());
        root.set("nodes", perNode);
        return root;
    }

    private static long number(Document d, String key) {
        Number n = d.get(key, Number.class);
        return n == null ? 0 : n.longValue();
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }
}
