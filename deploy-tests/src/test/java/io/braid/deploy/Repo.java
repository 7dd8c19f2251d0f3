package io.braid.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is: these tests read k8s/ and the services' sources as files, never build output. */
final class Repo {
    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("braid.root");
        Path start = Path.of(configured != null ? configured : "").toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("k8s/overlays")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no checkout with k8s/overlays at or above " + start);
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }
}
