package io.braid.edge.delivery;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.braid.edge.cache.ObjectCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The edge's one object cache, sized by {@code braid.edge.cache-size} (bytes), with its figures in Prometheus.
 * Objects are kept off the heap, so the size is capped at three quarters of the JVM's direct memory limit
 * ({@code -XX:MaxDirectMemorySize}, which defaults to the heap size): a bigger budget would end in
 * "Cannot reserve direct buffer memory" instead of an eviction.
 */
@ApplicationScoped
public class EdgeCache {
    private static final Logger LOG = Logger.getLogger(EdgeCache.class);
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
            long usable = directMemoryLimit() / 4 * 3;
            if (budget > usable) {
                LOG.warnf("braid.edge.cache-size %d is more than 3/4 of the direct memory limit; the cache keeps %d bytes "
                        + "(raise -XX:MaxDirectMemorySize for more)", budget, usable);
            }
            objects = new ObjectCache(Math.min(budget, usable), System::currentTimeMillis);
            ObjectCache o = objects;
            Gauge.builder("braid_edge_cache_bytes", o, ObjectCache::bytes).register(metrics);
            Gauge.builder("braid_edge_cache_objects", o, ObjectCache::size).register(metrics);
        }
        return objects;
    }

    /** {@code -XX:MaxDirectMemorySize}, or the maximum heap size it defaults to. */
    static long directMemoryLimit() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        long set = vm == null ? 0 : Long.parseLong(vm.getVMOption("MaxDirectMemorySize").getValue());
        return set > 0 ? set : Runtime.getRuntime().maxMemory();
    }

    public static String key(String app, String file) {
        return app + "/" + file;
    }
}
