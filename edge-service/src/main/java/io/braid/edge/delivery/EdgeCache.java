package io.braid.edge.delivery;

import io.braid.edge.cache.ObjectCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The edge's one object cache, sized by {@code braid.edge.cache-size} (bytes), with its figures in Prometheus. */
@ApplicationScoped
public class EdgeCache {
    @ConfigProperty(name = "braid.edge.cache-size", defaultValue = "536870912")
    long budget;
    @Inject
    MeterRegistry metrics;

    private ObjectCache objects;

    void onStart(@Observes StartupEvent event) {
        objects();
    }

    public synchronized ObjectCache objects() {
        if (objects == null) {
            objects = new ObjectCache(budget, System::currentTimeMillis);
            ObjectCache o = objects;
            Gauge.builder("braid_edge_cache_bytes", o, ObjectCache::bytes).register(metrics);
            Gauge.builder("braid_edge_cache_objects", o, ObjectCache::size).register(metrics);
        }
        return objects;
    }

    public static String key(String app, String file) {
        return app + "/" + file;
    }
}
