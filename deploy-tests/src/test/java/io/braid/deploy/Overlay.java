package io.braid.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One overlay as kubectl kustomize renders it: the YAML text (also written to target/rendered/ for the
 * validator and for people) and its objects. Rendered once per test run.
 */
record Overlay(String name, Path renderedFile, List<JsonNode> objects) {
    static final List<String> NAMES = List.of("local", "production");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Overlay> RENDERED = new ConcurrentHashMap<>();

    static Overlay named(String name) {
        return RENDERED.computeIfAbsent(name, Overlay::render);
    }

    static Stream<Overlay> all() {
        return NAMES.stream().map(Overlay::named);
    }

    private static Overlay render(String name) {
        Path root = Repo.root();
        var result = Commands.run(root, List.of("kubectl", "kustomize", "k8s/overlays/" + name), 60);
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl kustomize k8s/overlays/" + name + " failed:\n" + result.output());
        }
        try {
            Path file = root.resolve("deploy-tests/target/rendered/" + name + ".yaml");
            Files.createDirectories(file.getParent());
            Files.writeString(file, result.output());
            List<JsonNode> objects = new ArrayList<>();
            try (var docs = YAML.readerFor(JsonNode.class).readValues(result.output())) {
                while (docs.hasNext()) {
                    JsonNode doc = (JsonNode) docs.next();
                    if (doc != null && !doc.isNull()) {
                        objects.add(doc);
                    }
                }
            }
            return new Overlay(name, file, List.copyOf(objects));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Stream<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).filter(o -> name.equals(o.at("/metadata/name").asText())).findFirst();
    }

    /** Deployments, StatefulSets and Jobs: everything here that makes pods. */
    Stream<Workload> workloads() {
        return objects.stream().filter(o -> Workload.KINDS.contains(o.path("kind").asText())).map(Workload::new);
    }

    /** The Deployments of Braid's own services (labelled braid.io/service=true in k8s/base). */
    Stream<Workload> braidServices() {
        return workloads().filter(Workload::isBraidService);
    }

    Workload braidService(String name) {
        return braidServices().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this.name + ": no Braid Deployment named " + name));
    }

    @Override
    public String toString() {
        return name;
    }
}
