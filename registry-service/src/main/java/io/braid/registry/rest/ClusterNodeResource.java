package io.braid.registry.rest;

import io.braid.core.api.Result;
import io.braid.core.api.SimpleStat;
import io.braid.core.cluster.NodeIds;
import io.braid.core.cluster.NodeRole;
import io.braid.core.cluster.NodeStatus;
import io.braid.core.event.ClusterStatusEvent;
import io.braid.registry.node.ClusterNodeJson;
import io.braid.registry.node.ClusterStatusEvents;
import io.braid.registry.node.NodeStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.bson.Document;

/**
 * Cluster nodes at the paths Braid's users script against ({@code /rest/v2/cluster-nodes...}) and, further down,
 * Ant Media's own paths as aliases.
 */
@Path("/rest/v2")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterNodeResource {
    static final int MAX_PAGE = 1000;

    @Inject
    NodeStore nodes;
    @Inject
    ClusterStatusEvents events;

    @GET
    @Path("/cluster-nodes")
    public List<Map<String, Object>> list(@QueryParam("offset") Integer offset, @QueryParam("size") Integer size,
                                          @QueryParam("role") String role, @QueryParam("nodeGroup") String nodeGroup,
                                          @QueryParam("status") String status) {
        return page(filtered(role, nodeGroup, status), offset == null ? 0 : offset, size == null ? MAX_PAGE : size, ClusterNodeJson::of);
    }

    @GET
    @Path("/cluster-nodes/count")
    public SimpleStat count(@QueryParam("role") String role, @QueryParam("nodeGroup") String nodeGroup, @QueryParam("status") String status) {
        return new SimpleStat(filtered(role, nodeGroup, status).size());
    }

    @GET
    @Path("/cluster-nodes/{nodeId}")
    public Map<String, Object> get(@PathParam("nodeId") String nodeId) {
        return ClusterNodeJson.of(nodes.find(checkedId(nodeId)).orElseThrow(() -> ApiErrors.notFound("no such node: " + nodeId)),
                System.currentTimeMillis());
    }

    @DELETE
    @Path("/cluster-nodes/{nodeId}")
    public Result delete(@PathParam("nodeId") String nodeId) {
        Document removed = nodes.delete(checkedId(nodeId)).orElseThrow(() -> ApiErrors.notFound("no such node: " + nodeId));
        events.publish(ClusterStatusEvent.NODE_REMOVED, nodeId, removed);
        return Result.ok(nodeId);
    }

    // --- Ant Media aliases ---

    @GET
    @Path("/cluster/nodes/{offset}/{size}")
    public List<Map<String, Object>> amsList(@PathParam("offset") int offset, @PathParam("size") int size) {
        return page(filtered(null, null, null), offset, size, ClusterNodeJson::amsOf);
    }

    @GET
    @Path("/cluster/node-count")
    public SimpleStat amsCount() {
        return count(null, null, null);
    }

    @DELETE
    @Path("/cluster/node/{nodeId}")
    public Result amsDelete(@PathParam("nodeId") String nodeId) {
        return delete(nodeId);
    }

    private List<Document> filtered(String role, String nodeGroup, String status) {
        String roleName = role == null || role.isBlank() ? null : NodeRole.parse(role).wireName();
        NodeStatus wanted = status == null || status.isBlank() ? null : NodeStatus.parse(status);
        if (nodeGroup != null && nodeGroup.length() > 128) {
            throw ApiErrors.badRequest("nodeGroup is longer than 128 characters");
        }
        long now = System.currentTimeMillis();
        List<Document> all = nodes.list(roleName, nodeGroup == null || nodeGroup.isBlank() ? null : nodeGroup);
        return wanted == null ? all : all.stream().filter(n -> NodeStore.statusOf(n, now) == wanted).toList();
    }

    private static List<Map<String, Object>> page(List<Document> all, int offset, int size,
                                                  BiFunction<Document, Long, Map<String, Object>> view) {
        if (offset < 0 || size < 0) {
            throw ApiErrors.badRequest("offset and size may not be negative");
        }
        long now = System.currentTimeMillis();
        return all.stream().skip(offset).limit(Math.min(size, MAX_PAGE)).map(n -> view.apply(n, now)).toList();
    }

    private static String checkedId(String nodeId) {
        if (!NodeIds.isValid(nodeId)) {
            throw ApiErrors.badRequest("node id must be " + NodeIds.RULE);
        }
        return nodeId;
    }
}
