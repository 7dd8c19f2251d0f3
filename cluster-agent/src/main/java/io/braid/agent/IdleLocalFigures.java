package io.braid.agent;

import io.braid.core.cluster.NodeLoad;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** Used when a service provides no {@link LocalFigures} of its own. */
@DefaultBean
@ApplicationScoped
public class IdleLocalFigures implements LocalFigures {
    @Override
    public NodeLoad load() {
        return NodeLoad.IDLE;
    }
}
