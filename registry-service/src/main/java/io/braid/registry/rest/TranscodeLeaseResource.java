package io.braid.registry.rest;

import io.braid.core.api.Result;
import io.braid.core.cluster.NodeIds;
import io.braid.core.event.Topics;
import io.braid.core.transcode.LeaseAnswer;
import io.braid.core.transcode.LeaseRequest;
import io.braid.registry.transcode.TranscodeJobs;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Internal: transcoders renew their job leases and take new jobs here, once a second, and release a job when it
 * ends. Like every {@code /internal/**} path, not for outside the cluster.
 */
@Path("/internal/v1/transcode/leases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TranscodeLeaseResource {
    private static final int MAX_JOBS_PER_CALL = 1000;

    @Inject
    TranscodeJobs jobs;

    @POST
    public LeaseAnswer call(LeaseRequest request) {
        if (request == null || request.nodeId() == null || !NodeIds.isValid(request.nodeId())) {
            throw ApiErrors.badRequest("a lease call needs a valid nodeId");
        }
        if (request.jobs() != null && request.jobs().size() > MAX_JOBS_PER_CALL) {
            throw ApiErrors.badRequest("at most " + MAX_JOBS_PER_CALL + " jobs per call");
        }
        return jobs.call(request, System.currentTimeMillis());
    }

    @DELETE
    @Path("/{app}/{id}")
    public Result release(@PathParam("app") String app, @PathParam("id") String id, @QueryParam("nodeId") String nodeId) {
        if (nodeId == null || !NodeIds.isValid(nodeId)) {
            throw ApiErrors.badRequest("nodeId is required");
        }
        jobs.release(nodeId, Topics.streamKey(app, id));
        return Result.ok();
    }
}
