package io.braid.agent.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.json.Json;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /rest/v2/system-resources-info} (the cluster guide's path) and Ant Media's {@code /rest/v2/system-resources}. */
@Path("/rest/v2")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResourcesResource {
    @Inject
    SystemResourcesView view;

    @GET
    @Path("/system-resources-info")
    public Response systemResourcesInfo(@QueryParam("nodeId") String nodeId) {
        JsonNode doc = view.systemResources(nodeId == null || nodeId.isBlank() ? null : nodeId);
        if (doc == null) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(Json.MAPPER.createObjectNode().put("success", false).put("message", "no such node: " + nodeId))
                    .build();
        }
        return Response.ok(doc).build();
    }

    @GET
    @Path("/system-resources")
    public Response systemResources(@QueryParam("nodeId") String nodeId) {
        return systemResourcesInfo(nodeId);
    }
}
