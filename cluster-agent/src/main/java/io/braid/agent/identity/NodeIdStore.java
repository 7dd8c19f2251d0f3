package io.braid.agent.identity;

import io.braid.core.cluster.NodeIds;
import io.braid.core.cluster.NodeRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A node's id: the configured {@code braid.node.id}, else the one saved in the node's data directory, else a new
 * one that is saved there, so a restarted node is the same node to the registry (and to its DEAD/ALIVE history).
 */
public final class NodeIdStore {
    public static final String FILE = "node-id";

    private NodeIdStore() {
    }

    public static String resolve(Optional<String> configured, Path dataDir, NodeRole role) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return checked(configured.get().trim(), "braid.node.id");
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return checked(Files.readString(file, StandardCharsets.UTF_8).trim(), file.toString());
            }
            byte[] random = new byte[4];
            new SecureRandom().nextBytes(random);
            String id = role.wireName() + "-" + HexFormat.of().formatHex(random);
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or save the node id in " + dataDir + " (braid.node.data-dir)", e);
        }
    }

    private static String checked(String id, String source) {
        if (!NodeIds.isValid(id)) {
            throw new IllegalArgumentException("node id from " + source + " must be " + NodeIds.RULE + ", got '" + id + "'");
        }
        return id;
    }
}
