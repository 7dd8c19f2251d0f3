package io.braid.gateway.cluster;

import io.braid.gateway.route.ClientGroups;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The configured CIDR → node group map ({@code braid.gateway.node-groups."10.1.0.0/16"=eu}), read once; a bad block
 * stops start-up with its text in the message.
 */
@ApplicationScoped
public class NodeGroupConfig {
    @ConfigProperty(name = "braid.gateway.node-groups")
    Optional<Map<String, String>> cidrGroups;

    private ClientGroups groups;

    public synchronized ClientGroups groups() {
        if (groups == null) {
            groups = new ClientGroups(cidrGroups.orElse(Map.of()));
        }
        return groups;
    }
}
