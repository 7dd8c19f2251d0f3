package io.braid.registry.rest;

import io.braid.core.api.Result;
import io.braid.core.broadcast.Broadcast;
import io.braid.core.broadcast.BroadcastStatus;
import io.braid.core.broadcast.PublishReport;
import io.braid.core.event.StreamEvent;
import io.braid.registry.app.AppStore;
import io.braid.registry.broadcast.BroadcastStore;
import io.braid.registry.broadcast.StreamEvents;
import io.braid.registry.node.NodeStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Internal: origins report publish start, refresh and stop here, and the registry keeps the broadcast true and
 * emits the stream events. Not part of the public API; the gateway must not route {@code /internal/**} from
 * outside the cluster.
 */
@Path("/internal/v1/{app}/broadcasts/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PublishReportResource {
    @Inject
    BroadcastStore broadcasts;
    @Inject
    AppStore apps;
    @Inject
    StreamEvents events;
    @Inject
    NodeStore nodes;

    /**
     * An origin asks to hold the stream. Refused with 403 when the app accepts only streams created through the
     * REST API and this one was not, and with 409 when another ALIVE origin holds it live (Ant Media's
     * {@code streamIdInUse}); a holder that is DEAD, gone, leaving (it is about to close its publishers, who
     * reconnect elsewhere), or whose last refresh is older than the stream timeout, loses it.
     */
    @POST
    @Path("/publish-started")
    public Broadcast started(@PathParam("app") String app, @PathParam("id") String id, PublishReport report) {
        check(app, id, report);
        long now = System.currentTimeMillis();
        Optional<Broadcast> existing = broadcasts.find(app, id);
        if (existing.isEmpty() && Boolean.FALSE.equals(apps.settings(app).acceptUndefinedStreams())) {
            throw new WebApplicationException(ApiErrors.json(Response.Status.FORBIDDEN,
                    "not_allowed_unregistered_streams: " + app + " accepts only streams created through the REST API"));
        }
        List<String> deadOwners = existing.map(b -> b.originNodeId).filter(owner -> !owner.equals(report.nodeId()))
                .filter(owner -> nodes.find(owner).map(n -> !NodeStore.keepsItsWork(n, now)).orElse(true))
                .map(List::of).orElse(List.of());
        Document set = stats(report, now)
                .append("status", BroadcastStatus.BROADCASTING)
                .append("originNodeId", report.nodeId())
                .append("publishSessionId", report.sessionId())
                .append("originAdress", report.originAdress() == null ? "" : report.originAdress())
                .append("startTime", now)
                .append("hlsViewerCount", 0).append("dashViewerCount", 0)
                .append("webRTCViewerCount", 0).append("rtmpViewerCount", 0);
        if (report.publishType() != null) {
            set.append("publishType", report.publishType());
        }
        // A publish to an id nobody created makes a "zombi" broadcast, as in Ant Media.
        Document onInsert = new Document("zombi", true).append("type", "liveStream").append("date", now)
                .append("publish", true).append("publicStream", true).append("name", id);
        if (!broadcasts.claim(app, id, report.nodeId(), deadOwners, now, set, onInsert)) {
            String holder = broadcasts.find(app, id).map(b -> b.originNodeId).orElse("another origin");
            throw new WebApplicationException(ApiErrors.json(Response.Status.CONFLICT,
                    "streamIdInUse: " + id + " is being published on " + holder));
        }
        Broadcast b = broadcasts.find(app, id).orElseThrow(() -> new WebApplicationException(ApiErrors.json(Response.Status.CONFLICT,
                "streamIdInUse: " + id + " was taken over while being claimed")));
        events.publish(StreamEvent.PUBLISH_STARTED, app, b);
        return b;
    }

    @POST
    @Path("/publish-refresh")
    public Result refresh(@PathParam("app") String app, @PathParam("id") String id, PublishReport report) {
        check(app, id, report);
        boolean owned = broadcasts.updateIfOwnedBy(app, id, report.nodeId(), report.sessionId(),
                stats(report, System.currentTimeMillis()).append("status", BroadcastStatus.BROADCASTING));
        return owned ? Result.ok(id) : Result.error("broadcast " + id + " is not held by node " + report.nodeId());
    }

    @POST
    @Path("/publish-stopped")
    public Result stopped(@PathParam("app") String app, @PathParam("id") String id, PublishReport report) {
        check(app, id, report);
        long now = System.currentTimeMillis();
        Broadcast b = broadcasts.find(app, id).orElseThrow(() -> ApiErrors.notFound("Broadcast " + id + " not found"));
        Document set = new Document("status", BroadcastStatus.FINISHED).append("updateTime", now)
                .append("duration", b.startTime == null ? 0L : now - b.startTime)
                .append("hlsViewerCount", 0).append("dashViewerCount", 0).append("webRTCViewerCount", 0).append("rtmpViewerCount", 0);
        if (!broadcasts.updateIfOwnedBy(app, id, report.nodeId(), report.sessionId(), set)) {
            return Result.error("broadcast " + id + " is not held by this publish of node " + report.nodeId());
        }
        b.status = BroadcastStatus.FINISHED;
        events.publish(StreamEvent.PUBLISH_STOPPED, app, b);
        if (Boolean.TRUE.equals(b.zombi)) {
            // Ant Media drops implicit broadcasts when their publish ends; a newer publish keeps its record.
            broadcasts.deleteIfOwnedBy(app, id, report.nodeId(), report.sessionId());
        }
        return Result.ok(id);
    }

    private void check(String app, String id, PublishReport report) {
        apps.requireApp(app);
        BroadcastResource.checkedId(id);
        if (report == null || report.nodeId() == null || report.nodeId().isBlank() || report.nodeId().length() > 128) {
            throw ApiErrors.badRequest("nodeId of the reporting origin is required");
        }
        if (report.originAdress() != null && report.originAdress().length() > 256
                || report.publishType() != null && report.publishType().length() > 32
                || report.videoCodec() != null && report.videoCodec().length() > 64
                || report.audioCodec() != null && report.audioCodec().length() > 64
                || report.sessionId() != null && report.sessionId().length() > 64) {
            throw ApiErrors.badRequest("originAdress, publishType or codec names too long");
        }
    }

    private static Document stats(PublishReport r, long now) {
        Document d = new Document("updateTime", now);
        putIfSet(d, "videoCodec", r.videoCodec());
        putIfSet(d, "audioCodec", r.audioCodec());
        putIfSet(d, "width", r.width());
        putIfSet(d, "height", r.height());
        putIfSet(d, "bitrate", r.bitrate());
        putIfSet(d, "speed", r.speed());
        putIfSet(d, "receivedBytes", r.receivedBytes());
        putIfSet(d, "webRTCVideo", r.webRTCVideo());
        if (r.link() != null) {
            putIfSet(d, "rttMs", r.link().rttMs());
            putIfSet(d, "packetsLost", r.link().packetsLost());
            putIfSet(d, "packetLostRatio", r.link().packetLostRatio());
            putIfSet(d, "jitterMs", r.link().jitterMs());
        }
        return d;
    }

    private static void putIfSet(Document d, String key, Object value) {
        if (value != null) {
            d.append(key, value);
        }
    }
}
