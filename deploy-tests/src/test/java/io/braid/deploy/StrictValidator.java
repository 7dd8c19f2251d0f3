package io.braid.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs k8s/validate/validate.mjs. Its npm packages are installed on first use with {@code npm ci} from the
 * committed lock file, because a fresh clone (CI's) has no node_modules and the npm registry is reachable
 * wherever the build runs; failing instead would only make every fresh build fail. Installing takes a few seconds.
 */
final class StrictValidator {
    private static final Path DIR = Repo.path("k8s/validate");
    private static volatile boolean installed;

    private StrictValidator() {
    }

    /** Validates the YAML file; the result's output has one line per problem. */
    static Commands.Result validate(Path yamlFile) {
        ensureInstalled();
        return Commands.run(DIR, List.of("node", "validate.mjs", yamlFile.toAbsolutePath().toString()), 60);
    }

    private static synchronized void ensureInstalled() {
        if (installed) {
            return;
        }
        if (!Files.isDirectory(DIR.resolve("node_modules/kubernetes-models"))
                || !Files.isDirectory(DIR.resolve("node_modules/@kubernetes-models/keda"))) {
            var npm = Commands.run(DIR, List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            if (npm.exitCode() != 0) {
                throw new AssertionError("npm ci in k8s/validate failed (the validator's packages are missing):\n" + npm.output());
            }
        }
        installed = true;
    }
}
