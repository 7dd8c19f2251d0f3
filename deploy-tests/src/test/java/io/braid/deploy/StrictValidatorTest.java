package io.braid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validator must reject what kubernetes-models alone lets through, and what it already catches. */
class StrictValidatorTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              replicas: %s
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  %s: 30
                  containers:
                    - name: demo
                      image: demo:1
            """;

    @TempDir
    Path dir;

    @Test
    void acceptsAValidDeployment() throws IOException {
        var result = validate(DEPLOYMENT.formatted("2", "terminationGracePeriodSeconds"));
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void rejectsAnUnknownField() throws IOException {
        var result = validate(DEPLOYMENT.formatted("2", "terminationGracePeriodSecond"));
        assertRejected(result, "/spec/template/spec/terminationGracePeriodSecond: unknown field");
    }

    @Test
    void rejectsAnUnknownFieldInACustomResource() throws IOException {
        var result = validate("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: demo
                spec:
                  scaleTargetRef: {name: demo}
                  maxReplicas: 3
                  triggers:
                    - type: cpu
                      metricType: Utilization
                      metadata: {value: "70"}
                """);
        assertRejected(result, "/spec/maxReplicas: unknown field");
    }

    @Test
    void rejectsAWrongType() throws IOException {
        var result = validate(DEPLOYMENT.formatted("two", "terminationGracePeriodSeconds"));
        assertRejected(result, "data/spec/replicas must be integer");
    }

    @Test
    void rejectsAMissingRequiredField() throws IOException {
        var result = validate("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: demo
                spec:
                  template:
                    spec:
                      containers: [{name: demo, image: demo:1}]
                """);
        assertRejected(result, "data/spec must have required property selector");
    }

    @Test
    void rejectsAKindItHasNoSchemaFor() throws IOException {
        var result = validate("""
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: demo
                """);
        assertRejected(result, "no schema for apiVersion example.com/v1 kind Widget");
    }

    private Commands.Result validate(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("manifest.yaml"), yaml);
        return StrictValidator.validate(file);
    }

    private static void assertRejected(Commands.Result result, String expected) {
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains(expected), "expected «" + expected + "» in:\n" + result.output());
    }
}
