package io.braid.registry.app;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.ReplaceOptions;
import io.braid.core.app.AppNames;
import io.braid.core.app.AppSettings;
import io.braid.core.json.Json;
import io.braid.registry.db.Collections;
import io.braid.registry.db.DbTimer;
import io.braid.registry.rest.ApiErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.bson.Document;

/**
 * Applications and their settings. The default apps (LiveApp, WebRTCAppEE) always exist; others are created
 * through the API. Settings carry {@code updateTime} so nodes can tell a newer copy from an older one.
 */
@ApplicationScoped
public class AppStore {
    @Inject
    Collections collections;
    @Inject
    DbTimer timer;

    public List<String> names() {
        TreeSet<String> names = new TreeSet<>(AppNames.DEFAULT_APPS);
        timer.run(() -> collections.appSettings().find().projection(new Document("_id", 1))
                .forEach(d -> names.add(d.getString("_id"))));
        return new ArrayList<>(names);
    }

    public boolean exists(String app) {
        return AppNames.DEFAULT_APPS.contains(app) || stored(app).isPresent();
    }

    /** @throws jakarta.ws.rs.WebApplicationException 400 for a bad name, 404 for an unknown app */
    public void requireApp(String app) {
        String problem = AppNames.problem(app);
        if (problem != null) {
            throw ApiErrors.badRequest(problem);
        }
        if (!exists(app)) {
            throw ApiErrors.notFound("no such application: " + app);
        }
    }

    public AppSettings settings(String app) {
        return stored(app).orElseGet(() -> AppSettings.defaults(app));
    }

    public AppSettings save(String app, AppSettings posted) {
        AppSettings filled = posted.withDefaults(app, System.currentTimeMillis());
        Document doc = Document.parse(Json.write(filled));
        doc.put("_id", app);
        timer.run(() -> collections.appSettings().replaceOne(eq("_id", app), doc, new ReplaceOptions().upsert(true)));
        return filled;
    }

    public boolean delete(String app) {
        return timer.time(() -> collections.appSettings().deleteOne(eq("_id", app))).getDeletedCount() > 0;
    }

    private Optional<AppSettings> stored(String app) {
        Document doc = timer.time(() -> collections.appSettings().find(eq("_id", app)).first());
        if (doc == null) {
            return Optional.empty();
        }
        doc.remove("_id");
        return Optional.of(Json.read(doc.toJson(), AppSettings.class));
    }
}
