package io.braid.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A Deployment, StatefulSet or Job, with the accessors the invariants need. */
record Workload(JsonNode object) {
    static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "Job");

    String kind() {
        return object.path("kind").asText();
    }

    String name() {
        return object.at("/metadata/name").asText();
    }

    boolean isBraidService() {
        return "Deployment".equals(kind()) && "true".equals(object.at("/metadata/labels/braid.io~1service").asText());
    }

    JsonNode podSpec() {
        return object.at("/spec/template/spec");
    }

    Map<String, String> podLabels() {
        return strings(object.at("/spec/template/metadata/labels"));
    }

    Map<String, String> podAnnotations() {
        return strings(object.at("/spec/template/metadata/annotations"));
    }

    Stream<JsonNode> containers() {
        return StreamSupport.stream(podSpec().path("containers").spliterator(), false);
    }

    /** The main container of a Braid service: k8s/base names it "braid". */
    JsonNode braidContainer() {
        return containers().filter(c -> "braid".equals(c.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(this + " has no container named braid"));
    }

    /** Literal env values of a container (valueFrom entries are left out). */
    static Map<String, String> envValues(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container.path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        }
        return env;
    }

    static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new HashMap<>();
        map.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Whether every label of selector (a matchLabels-style map) is on labels. */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    @Override
    public String toString() {
        return kind() + "/" + name();
    }
}
