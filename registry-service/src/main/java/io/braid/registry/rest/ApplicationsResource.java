package io.braid.registry.rest;

import io.braid.core.api.Result;
import io.braid.core.app.AppNames;
import io.braid.core.app.AppSettings;
import io.braid.registry.app.AppStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Ant Media's application endpoints: list, create, delete, and per-app settings (ABR ladder, HLS, limits). */
@Path("/rest/v2/applications")
@Produces(MediaType.APPLICATION_JSON)
public class ApplicationsResource {
    @Inject
    AppStore apps;

    @GET
    public Map<String, List<String>> list() {
        return Map.of("applications", apps.names());
    }

    @GET
    @Path("/settings/{app}")
    public AppSettings settings(@PathParam("app") String app) {
        apps.requireApp(app);
        return apps.settings(app);
    }

    /** As in Ant Media, the posted object replaces the settings: fields left out go back to their defaults. */
    @POST
    @Path("/settings/{app}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Result saveSettings(@PathParam("app") String app, AppSettings posted) {
        apps.requireApp(app);
        if (posted == null) {
            throw ApiErrors.badRequest("a JSON settings object is required");
        }
        String problem = posted.problem();
        if (problem != null) {
            throw ApiErrors.badRequest(problem);
        }
        apps.save(app, posted);
        return Result.ok(app);
    }

    @POST
    @Path("/{app}")
    public Result create(@PathParam("app") String app) {
        String problem = AppNames.problem(app);
        if (problem != null) {
            throw ApiErrors.badRequest(problem);
        }
        if (apps.exists(app)) {
            return Result.error("application " + app + " already exists");
        }
        apps.save(app, AppSettings.defaults(app));
        return Result.ok(app);
    }

    @DELETE
    @Path("/{app}")
    public Result delete(@PathParam("app") String app) {
        apps.requireApp(app);
        if (AppNames.DEFAULT_APPS.contains(app)) {
            apps.delete(app);
            return Result.ok(app); // a default app keeps existing; its settings go back to the defaults
        }
        apps.delete(app);
        return Result.ok(app);
    }
}
