package io.braid.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external tools these tests need (kubectl, node, npm) and says plainly when one is missing. */
final class Commands {
    private Commands() {
    }

    record Result(int exitCode, String output) {
    }

    /** Runs command in dir with stderr merged into the output; fails the test if it cannot start or hangs. */
    static Result run(Path dir, List<String> command, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command.getFirst() + " is needed by the deploy tests and could not be started ("
                    + e.getMessage() + "). " + installHint(command.getFirst()), e);
        }
        try (var out = p.getInputStream()) {
            // Read before waiting: a full pipe would block the child.
            String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("reading the output of " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String installHint(String tool) {
        return switch (tool) {
            case "kubectl" -> "Install kubectl (checked with 1.32, which carries kustomize 5.5); no cluster is needed.";
            case "node", "npm" -> "Install Node.js 20 or newer with npm (Debian: apt-get install nodejs npm).";
            default -> "";
        };
    }
}
