package io.braid.registry.rest;

import io.braid.core.api.Result;
import io.braid.core.api.SimpleStat;
import io.braid.core.broadcast.Broadcast;
import io.braid.core.broadcast.BroadcastStatus;
import io.braid.core.broadcast.BroadcastValidator;
import io.braid.core.broadcast.StreamIds;
import io.braid.core.event.StreamEvent;
import io.braid.registry.app.AppStore;
import io.braid.registry.broadcast.BroadcastStore;
import io.braid.registry.broadcast.StreamEvents;
import io.braid.registry.viewer.ViewerTotals;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Ant Media's per-application broadcast API ({@code /{app}/rest/v2/broadcasts}), reference-ams.md 1.3. */
@Path("/{app}/rest/v2/broadcasts")
@Produces(MediaType.APPLICATION_JSON)
public class BroadcastResource {
    @Inject
    BroadcastStore broadcasts;
    @Inject
    AppStore apps;
    @Inject
    StreamEvents events;
    @Inject
    ViewerTotals viewers;
    @ConfigProperty(name = "server.name")
    java.util.Optional<String> serverName;

    @POST
    @Path("/create")
    @Consumes(MediaType.APPLICATION_JSON)
    public Broadcast create(@PathParam("app") String app, Broadcast body) {
        apps.requireApp(app);
        Broadcast b = body == null ? new Broadcast() : body;
        check(b);
        long now = System.currentTimeMillis();
        if (b.streamId == null || b.streamId.isEmpty()) {
            b.streamId = StreamIds.generate();
        }
        b.status = BroadcastStatus.CREATED;
        b.type = b.type == null ? "liveStream" : b.type;
        b.date = now;
        b.publish = b.publish == null ? Boolean.TRUE : b.publish;
        b.publicStream = b.publicStream == null ? Boolean.TRUE : b.publicStream;
        b.zombi = false;
        b.originAdress = b.originAdress == null ? "" : b.originAdress;
        b.rtmpURL = "rtmp://" + serverName.filter(s -> !s.isBlank()).orElse("localhost") + "/" + app + "/" + b.streamId;
        b.hlsViewerCount = 0;
        b.dashViewerCount = 0;
        b.webRTCViewerCount = 0;
        b.rtmpViewerCount = 0;
        b.hlsViewerLimit = b.hlsViewerLimit == null ? -1 : b.hlsViewerLimit;
        b.dashViewerLimit = b.dashViewerLimit == null ? -1 : b.dashViewerLimit;
        b.webRTCViewerLimit = b.webRTCViewerLimit == null ? -1 : b.webRTCViewerLimit;
        b.updateTime = null;
        b.startTime = null;
        if (!broadcasts.insert(app, b)) {
            throw ApiErrors.badRequest("Stream id is already being used. Please change stream id or keep it empty");
        }
        events.publish(StreamEvent.STREAM_CREATED, app, b);
        return b;
    }

    @GET
    @Path("/{id}")
    public Broadcast get(@PathParam("app") String app, @PathParam("id") String id) {
        apps.requireApp(app);
        return viewers.fill(app, broadcasts.find(app, checkedId(id)).orElseThrow(() -> ApiErrors.notFound("Broadcast " + id + " not found")));
    }

    /** Ant Media's BroadcastStatistics: the stream's viewers by protocol, cluster-wide. */
    @GET
    @Path("/{id}/broadcast-statistics")
    public Map<String, Integer> statistics(@PathParam("app") String app, @PathParam("id") String id) {
        Broadcast b = get(app, id);
        return statistics(b.rtmpViewerCount, b.hlsViewerCount, b.webRTCViewerCount, b.dashViewerCount);
    }

    /** Ant Media's AppBroadcastStatistics: all the application's viewers by protocol, cluster-wide. */
    @GET
    @Path("/total-broadcast-statistics")
    public Map<String, Integer> totalStatistics(@PathParam("app") String app) {
        apps.requireApp(app);
        ViewerTotals.Counts c = viewers.ofApp(app);
        return statistics(0, c.hls(), c.webrtc(), c.dash());
    }

    private static Map<String, Integer> statistics(Integer rtmp, Integer hls, Integer webRtc, Integer dash) {
        Map<String, Integer> s = new LinkedHashMap<>();
        s.put("totalRTMPWatchersCount", rtmp == null ? 0 : rtmp);
        s.put("totalHLSWatchersCount", hls == null ? 0 : hls);
        s.put("totalWebRTCWatchersCount", webRtc == null ? 0 : webRtc);
        s.put("totalDASHWatchersCount", dash == null ? 0 : dash);
        return s;
    }

    @GET
    @Path("/list/{offset}/{size}")
    public List<Broadcast> list(@PathParam("app") String app, @PathParam("offset") int offset, @PathParam("size") int size,
                                @QueryParam("type_by") String typeBy, @QueryParam("sort_by") String sortBy,
                                @QueryParam("order_by") String orderBy, @QueryParam("search") String search) {
        apps.requireApp(app);
        if (offset < 0 || size < 0) {
            throw ApiErrors.badRequest("offset and size may not be negative");
        }
        if (search != null && search.length() > BroadcastValidator.MAX_TEXT) {
            throw ApiErrors.badRequest("search is longer than " + BroadcastValidator.MAX_TEXT + " characters");
        }
        List<Broadcast> page = broadcasts.list(app, offset, size, typeBy, sortBy, orderBy, search);
        page.forEach(b -> viewers.fill(app, b));
        return page;
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Result update(@PathParam("app") String app, @PathParam("id") String id, Broadcast changes) {
        apps.requireApp(app);
        checkedId(id);
        if (changes == null) {
            throw ApiErrors.badRequest("a JSON broadcast object is required");
        }
        check(changes);
        if (changes.streamId != null && !changes.streamId.equals(id)) {
            throw ApiErrors.badRequest("streamId cannot be changed");
        }
        if (!broadcasts.update(app, id, changes)) {
            throw ApiErrors.notFound("Broadcast " + id + " not found");
        }
        return Result.ok(id);
    }

    @DELETE
    @Path("/{id}")
    public Result delete(@PathParam("app") String app, @PathParam("id") String id) {
        apps.requireApp(app);
        if (!broadcasts.delete(app, checkedId(id))) {
            throw ApiErrors.notFound("Broadcast " + id + " not found");
        }
        events.publishDeleted(app, id);
        return Result.ok(id);
    }

    @DELETE
    public Result deleteMany(@PathParam("app") String app, @QueryParam("ids") String ids) {
        apps.requireApp(app);
        if (ids == null || ids.isBlank()) {
            throw ApiErrors.badRequest("ids is required: a comma-separated list of stream ids");
        }
        List<String> list = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (list.size() > BroadcastStore.MAX_LIST) {
            throw ApiErrors.badRequest("at most " + BroadcastStore.MAX_LIST + " ids at once");
        }
        list.forEach(BroadcastResource::checkedId);
        long deleted = broadcasts.deleteMany(app, list);
        list.forEach(id -> events.publishDeleted(app, id));
        return new Result(deleted == list.size(), deleted + " of " + list.size() + " deleted", "", 0);
    }

    @GET
    @Path("/count")
    public SimpleStat count(@PathParam("app") String app) {
        apps.requireApp(app);
        return new SimpleStat(broadcasts.count(app, null));
    }

    @GET
    @Path("/count/{search}")
    public SimpleStat countMatching(@PathParam("app") String app, @PathParam("search") String search) {
        apps.requireApp(app);
        if (search.length() > BroadcastValidator.MAX_TEXT) {
            throw ApiErrors.badRequest("search is longer than " + BroadcastValidator.MAX_TEXT + " characters");
        }
        return new SimpleStat(broadcasts.count(app, search));
    }

    @GET
    @Path("/active-live-stream-count")
    public SimpleStat activeCount(@PathParam("app") String app) {
        apps.requireApp(app);
        return new SimpleStat(broadcasts.activeCount(app, System.currentTimeMillis()));
    }

    private static void check(Broadcast b) {
        String problem = BroadcastValidator.problem(b);
        if (problem != null) {
            throw ApiErrors.badRequest(problem);
        }
    }

    static String checkedId(String id) {
        String problem = StreamIds.problem(id);
        if (problem != null) {
            throw ApiErrors.badRequest(problem);
        }
        return id;
    }
}
