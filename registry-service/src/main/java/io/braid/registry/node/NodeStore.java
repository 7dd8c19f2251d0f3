package io.braid.registry.node;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.braid.core.cluster.NodeState;
import io.braid.core.cluster.NodeStatus;
import io.braid.core.cluster.StreamViewers;
import io.braid.core.event.ClusterStatusEvent;
import io.braid.core.event.HeartbeatEvent;
import io.braid.core.json.Json;
import io.braid.registry.db.Collections;
import io.braid.registry.db.DbTimer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Cluster nodes in MongoDB, one document per node. Every status transition is decided by one atomic conditional
 * update, so when several registry replicas race, exactly one of them sees the transition and reports it:
 * no lock is held in memory.
 *
 * <p>Fields: {@code lastUpdateTime} (the heartbeat's own time, ms), {@code deadAt} (lastUpdateTime + 4 update
 * periods of that node), and {@code status} (the last status an event was published for).
 */
@ApplicationScoped
public class NodeStore {
    /** The stored status of a node that left: a tombstone that readers skip, purged after {@link #TOMBSTONE_KEPT_MS}. */
    static final String LEFT = "LEFT";
    /** Long enough that any heartbeat still in flight when the node left has arrived. */
    static final long TOMBSTONE_KEPT_MS = 3_600_000;
    private static final Bson MEMBER = ne("status", LEFT);

    @Inject
    Collections collections;
    @Inject
    DbTimer timer;

    /**
     * Records a heartbeat unless a newer one is already stored. A heartbeat of a node that {@link NodeState#LEFT left}
     * leaves a tombstone (stored status {@value #LEFT}): every reader treats it as absent, and it keeps an older
     * heartbeat that arrives late from bringing the node back. A later heartbeat of the same node id (a restart) is
     * newer than the tombstone and makes the node join again.
     *
     * @return the transitions this heartbeat caused, in order (node_joined, node_alive, node_leaving, node_left)
     */
    public List<String> recordHeartbeat(HeartbeatEvent hb) {
        NodeState state = NodeState.orServing(hb.state());
        long now = System.currentTimeMillis();
        long deadAt = hb.time() + NodeStatus.MISSED_UPDATES_ALLOWED * hb.updatePeriodMs();
        Bson fields = Updates.combine(
                Updates.set("role", hb.role().wireName()),
                Updates.set("nodeGroup", hb.nodeGroup()),
                Updates.set("ip", hb.ip()),
                Updates.set("serverName", hb.serverName()),
                Updates.set("ports", new Document(new java.util.TreeMap<String, Object>(hb.ports() == null ? Map.of() : hb.ports()))),
                Updates.set("cpu", hb.cpu()),
                Updates.set("memory", hb.memory()),
                Updates.set("acceptingWork", hb.acceptingWork() && state == NodeState.SERVING),
                Updates.set("updatePeriodMs", hb.updatePeriodMs()),
                Updates.set("load", Document.parse(Json.write(hb.load()))),
                Updates.set("dbQueryAverageTimeMs", hb.dbQueryAverageTimeMs() == null ? 0 : hb.dbQueryAverageTimeMs()),
                Updates.set("resources", hb.resources() == null || !hb.resources().isObject() ? null : Document.parse(hb.resources().toString())),
                Updates.set("viewers", state == NodeState.LEFT ? List.of() : viewerDocuments(hb)),
                Updates.set("lastUpdateTime", hb.time()),
                Updates.set("deadAt", deadAt),
                Updates.set("state", state.wireName()),
                Updates.set("status", state == NodeState.LEFT ? LEFT : NodeStatus.ALIVE.name()),
                Updates.setOnInsert("firstSeen", now));
        Bson update = state == NodeState.LEFT ? Updates.combine(fields, Updates.set("statusChangedAt", now)) : fields;
        try {
            Document before = timer.time(() -> collections.nodes().findOneAndUpdate(
                    and(eq("_id", hb.nodeId()), lt("lastUpdateTime", hb.time())), update,
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)));
            return transitions(before, state);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return List.of(); // a newer heartbeat of this node is already stored: this one is stale
            }
            throw e;
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == 11000) {
                return List.of();
            }
            throw e;
        }
    }

    /** The events owed for going from the stored document {@code before} (null: none) to a node in {@code state}. */
    static List<String> transitions(Document before, NodeState state) {
        List<String> events = new ArrayList<>();
        String stored = before == null ? null : before.getString("status");
        boolean wasMember = stored != null && !LEFT.equals(stored);
        if (!wasMember && state != NodeState.LEFT) {
            events.add(ClusterStatusEvent.NODE_JOINED);
        } else if (NodeStatus.DEAD.name().equals(stored) && state != NodeState.LEFT) {
            events.add(ClusterStatusEvent.NODE_ALIVE);
        }
        NodeState was = before == null ? null : NodeState.parse(before.getString("state"));
        if (state == NodeState.LEAVING && was != NodeState.LEAVING) {
            events.add(ClusterStatusEvent.NODE_LEAVING);
        }
        if (state == NodeState.LEFT && wasMember) {
            events.add(ClusterStatusEvent.NODE_LEFT);
        }
        return events;
    }

    private static List<Document> viewerDocuments(HeartbeatEvent hb) {
        List<Document> viewers = new ArrayList<>();
        if (hb.viewers() != null) {
            for (StreamViewers v : hb.viewers()) {
                viewers.add(new Document("app", v.app()).append("streamId", v.streamId()).append("hls", v.hls()).append("dash", v.dash())
                        .append("webrtc", v.webrtc()));
            }
        }
        return viewers;
    }

    /** The viewers fields of the nodes that are ALIVE at {@code now} (deadline not passed). */
    public List<Document> aliveViewerReports(long now) {
        return timer.time(() -> collections.nodes().find(and(MEMBER, gte("deadAt", now)))
                .projection(new Document("viewers", 1)).into(new ArrayList<>()));
    }

    /** Candidates for the sweep: stored ALIVE but past their deadline. */
    public List<Document> overdue(long now) {
        return timer.time(() -> collections.nodes().find(and(eq("status", NodeStatus.ALIVE.name()), lt("deadAt", now)))
                .into(new ArrayList<>()));
    }

    /**
     * Marks a node DEAD if, atomically, it is still stored ALIVE and still past its deadline.
     *
     * @return the node as it was before, if this call made the transition
     */
    public Optional<Document> markDead(String nodeId, long now) {
        return Optional.ofNullable(timer.time(() -> collections.nodes().findOneAndUpdate(
                and(eq("_id", nodeId), eq("status", NodeStatus.ALIVE.name()), lt("deadAt", now)),
                Updates.combine(Updates.set("status", NodeStatus.DEAD.name()), Updates.set("statusChangedAt", now)))));
    }

    public Optional<Document> find(String nodeId) {
        return Optional.ofNullable(timer.time(() -> collections.nodes().find(and(eq("_id", nodeId), MEMBER)).first()));
    }

    /** All nodes with the given role and group (null = any), ordered by id. */
    public List<Document> list(String role, String nodeGroup) {
        List<Bson> filters = new ArrayList<>(List.of(MEMBER));
        if (role != null) {
            filters.add(eq("role", role));
        }
        if (nodeGroup != null) {
            filters.add(eq("nodeGroup", nodeGroup));
        }
        Bson filter = and(filters);
        return timer.time(() -> collections.nodes().find(filter).sort(Sorts.ascending("_id")).into(new ArrayList<>()));
    }

    public Optional<Document> delete(String nodeId) {
        return Optional.ofNullable(timer.time(() -> collections.nodes().findOneAndDelete(and(eq("_id", nodeId), MEMBER))));
    }

    /** Forgets the tombstones of nodes that left more than {@link #TOMBSTONE_KEPT_MS} ago. */
    public long purgeLeft(long now) {
        return timer.time(() -> collections.nodes().deleteMany(and(eq("status", LEFT), lt("statusChangedAt", now - TOMBSTONE_KEPT_MS))).getDeletedCount());
    }

    /** Whether the node can go on holding streams: ALIVE and not leaving (a leaving origin is about to close them). */
    public static boolean keepsItsWork(Document node, long now) {
        return statusOf(node, now) == NodeStatus.ALIVE && NodeState.parse(node.getString("state")) == NodeState.SERVING;
    }

    /** Status as readers see it: derived from the node's own deadline, not from the stored field. */
    public static NodeStatus statusOf(Document node, long now) {
        Number deadAt = node.get("deadAt", Number.class);
        return deadAt != null && now <= deadAt.longValue() ? NodeStatus.ALIVE : NodeStatus.DEAD;
    }
}
