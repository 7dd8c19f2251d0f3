package io.braid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each overlay renders, passes the strict schema validation, and contains every Braid role. */
class RenderedOverlaysTest {
    static final Set<String> ROLES = ServiceSource.MODULES.keySet();

    @Test
    void everyOverlayInTheTreeIsTested() throws IOException {
        // The per-overlay expectations below are by name: a new overlay has to be added to Overlay.NAMES.
        try (var dirs = Files.list(Repo.path("k8s/overlays"))) {
            Set<String> inTree = dirs.filter(Files::isDirectory).map(Path::getFileName).map(Path::toString).collect(Collectors.toSet());
            assertEquals(Set.copyOf(Overlay.NAMES), inTree, "k8s/overlays");
        }
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void passesStrictSchemaValidation(Overlay overlay) {
        var result = StrictValidator.validate(overlay.renderedFile());
        assertEquals(0, result.exitCode(), overlay + " (" + overlay.renderedFile() + "):\n" + result.output());
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void runsEveryBraidRole(Overlay overlay) {
        Set<String> deployed = overlay.braidServices().map(Workload::name).collect(Collectors.toSet());
        assertEquals(ROLES, deployed, overlay + ": Braid Deployments");
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void keepsTwoRegistriesAtLeast(Overlay overlay) {
        int replicas = overlay.braidService("registry").object().at("/spec/replicas").asInt(1);
        assertTrue(replicas >= 2, overlay + ": registry replicas " + replicas);
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void pinsEveryImageToATag(Overlay overlay) {
        String expected = overlay.name().equals("local") ? "localhost/braid/%s:dev" : "braid/%s:0.1.0";
        overlay.braidServices().forEach(w -> assertEquals(expected.formatted(w.name()), w.braidContainer().path("image").asText(), overlay + ": " + w + " image"));
        overlay.workloads().forEach(w -> w.containers().forEach(c -> {
            String image = c.path("image").asText();
            String tag = image.substring(image.lastIndexOf('/') + 1);
            assertTrue(tag.contains(":") && !tag.endsWith(":latest"), overlay + ": " + w + " image " + image + " has no fixed tag");
        }));
    }
}
