package io.braid.registry;

import io.braid.agent.LocalFigures;
import io.braid.core.cluster.NodeLoad;
import io.braid.registry.db.DbTimer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The registry carries no streams or viewers; what it reports is how fast its database answers. */
@ApplicationScoped
public class RegistryFigures implements LocalFigures {
    @Inject
    DbTimer timer;

    @Override
    public NodeLoad load() {
        return NodeLoad.IDLE;
    }

    @Override
    public Integer dbAverageQueryTimeMs() {
        return timer.averageMs();
    }
}
