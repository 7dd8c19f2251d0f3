package io.braid.transcoder.http;

import io.braid.transcoder.job.TranscoderFigures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.braid.core.json.Json;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The jobs this transcoder runs and its GPUs, the same figures as in its system-resources-info. */
@Path("/rest/v2/transcoder/jobs")
public class TranscoderJobsResource {
    @Inject
    TranscoderFigures figures;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String jobs() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        figures.describe(doc);
        return doc.toString();
    }
}
