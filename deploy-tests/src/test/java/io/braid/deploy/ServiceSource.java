package io.braid.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a Braid service really reads, taken from its source at test time so that a renamed key or port fails
 * these tests: the keys of its application.properties (and the keys those refer to as ${key}), and the names
 * of @ConfigProperty, @ConfigMapping and Config.getValue lookups in its Java sources and cluster-agent's.
 */
final class ServiceSource {
    /** Deployment name in k8s/base → the Maven module whose image it runs. */
    static final Map<String, String> MODULES = Map.of(
            "registry", "registry-service",
            "origin", "ingest-service",
            "edge", "edge-service",
            "transcoder", "transcode-service",
            "gateway", "gateway");
    /** Every service includes the cluster agent (node identity, heartbeat, resource limits). */
    private static final String SHARED_MODULE = "cluster-agent";

    private static final Pattern CONFIG_PROPERTY_LITERAL = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_PROPERTY_CONSTANT = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*(?:[A-Za-z_][\\w]*\\.)?([A-Z][A-Z0-9_]*)\\b");
    private static final Pattern CONFIG_MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_LOOKUP = Pattern.compile("get(?:Optional)?Value\\(\\s*\"([^\"]+)\"");
    private static final Pattern PROPERTY_REFERENCE = Pattern.compile("\\$\\{([^:}]+)");
    private static final Pattern METRIC_NAME = Pattern.compile("\"(braid_[a-z_]+)\"");

    private final String module;
    private final Properties properties;
    private final Set<String> keys;
    private final Set<String> prefixes;

    private ServiceSource(String module) {
        this.module = module;
        this.properties = load(Repo.path(module + "/src/main/resources/application.properties"));
        Set<String> keys = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (String name : properties.stringPropertyNames()) {
            keys.add(withoutProfile(name));
            Matcher ref = PROPERTY_REFERENCE.matcher(properties.getProperty(name));
            while (ref.find()) {
                keys.add(ref.group(1));
            }
        }
        String java = javaSources(List.of(module, SHARED_MODULE));
        collect(CONFIG_PROPERTY_LITERAL, java, keys);
        collect(CONFIG_LOOKUP, java, keys);
        collect(CONFIG_MAPPING_PREFIX, java, prefixes);
        Matcher constant = CONFIG_PROPERTY_CONSTANT.matcher(java);
        while (constant.find()) {
            // name = ResourceLimits.CPU_KEY: find CPU_KEY = "server.cpu_limit" in the same sources.
            Matcher value = Pattern.compile("\\b" + constant.group(1) + "\\s*=\\s*\"([^\"]+)\"").matcher(java);
            if (value.find()) {
                keys.add(value.group(1));
            }
        }
        this.keys = Set.copyOf(keys);
        this.prefixes = Set.copyOf(prefixes);
    }

    static ServiceSource forDeployment(String deploymentName) {
        String module = MODULES.get(deploymentName);
        if (module == null) {
            throw new AssertionError("Braid Deployment " + deploymentName + " has no module in ServiceSource.MODULES: add it there");
        }
        return new ServiceSource(module);
    }

    String module() {
        return module;
    }

    /** A value of application.properties, e.g. quarkus.http.port. */
    Optional<String> property(String key) {
        return Optional.ofNullable(properties.getProperty(key));
    }

    int intProperty(String key) {
        return Integer.parseInt(property(key).orElseThrow(() -> new AssertionError(module + " sets no " + key)));
    }

    /** The configuration key that MicroProfile Config would read from this environment variable, if any. */
    Optional<String> keyForEnv(String envName) {
        Optional<String> exact = keys.stream().filter(k -> toEnv(k).equals(envName)).findFirst();
        return exact.isPresent() ? exact : prefixes.stream().filter(p -> envName.startsWith(toEnv(p) + "_")).findFirst();
    }

    /** MicroProfile Config's environment-variable form of a key: non-alphanumerics to _, upper case. */
    static String toEnv(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** Every Prometheus metric name registered anywhere in the project's main sources. */
    static Set<String> metricNames() {
        Set<String> names = new HashSet<>();
        collect(METRIC_NAME, javaSources(List.of(".")), names);
        return names;
    }

    private static String withoutProfile(String name) {
        return name.startsWith("%") ? name.substring(name.indexOf('.') + 1) : name;
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The Java files under src/main/java of the given modules ("." = all modules), concatenated. */
    private static String javaSources(List<String> modules) {
        StringBuilder all = new StringBuilder();
        for (String m : modules) {
            try (Stream<Path> files = Files.walk(Repo.path(m))) {
                files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
                        .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/node_modules/"))
                        .forEach(f -> {
                            try {
                                all.append(Files.readString(f)).append('\n');
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }
}
