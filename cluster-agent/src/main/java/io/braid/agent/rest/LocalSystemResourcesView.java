package io.braid.agent.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.agent.ClusterAgent;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A node's own figures; asked for another node's, it knows nothing. */
@DefaultBean
@ApplicationScoped
public class LocalSystemResourcesView implements SystemResourcesView {
    @Inject
    ClusterAgent agent;

    @Override
    public JsonNode systemResources(String nodeId) {
        if (nodeId == null || nodeId.equals(agent.self().nodeId())) {
            return agent.systemResources();
        }
        return null;
    }
}
