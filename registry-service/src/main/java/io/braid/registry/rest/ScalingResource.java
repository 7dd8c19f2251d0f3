package io.braid.registry.rest;

import io.braid.core.scaling.ScalingAdvice;
import io.braid.registry.scaling.ClusterScaling;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /rest/v2/cluster/scaling}: how many origins, edges, transcoders and registries the load needs now, and why. */
@Path("/rest/v2/cluster/scaling")
@Produces(MediaType.APPLICATION_JSON)
public class ScalingResource {
    @Inject
    ClusterScaling scaling;

    @GET
    public Map<String, Object> get() {
        Map<String, Object> roles = new LinkedHashMap<>();
        for (ScalingAdvice a : scaling.advice()) {
            roles.put(a.role().wireName(), Map.of("current", a.current(), "recommended", a.recommended(),
                    "action", a.direction() > 0 ? "scale_up" : a.direction() < 0 ? "scale_down" : "keep", "reasons", List.copyOf(a.reasons())));
        }
        return Map.of("time", System.currentTimeMillis(), "roles", roles);
    }
}
