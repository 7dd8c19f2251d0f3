package io.braid.agent.rest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code GET /rest/v2/system-resources-info} answers. A plain node answers for itself; the registry replaces
 * this with a cluster-wide view.
 */
public interface SystemResourcesView {

    /** @param nodeId null for the default view; else that node's own document, or null if unknown */
    JsonNode systemResources(String nodeId);
}
