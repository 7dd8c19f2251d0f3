package io.braid.ingest.stream;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The cluster's internal credential ({@code braid.internal.key}), which transcoders add to their rendition publishes
 * as {@code ?braidKey=...}. Without it configured, no rendition can be published here.
 */
@ApplicationScoped
public class InternalKey {
    public static final String PARAM = "braidKey";

    @ConfigProperty(name = "braid.internal.key")
    Optional<String> key;

    public boolean configured() {
        return key.filter(k -> !k.isBlank()).isPresent();
    }

    /** Compares in constant time, so the key cannot be guessed byte by byte from response times. */
    public boolean matches(String given) {
        return configured() && given != null
                && MessageDigest.isEqual(key.get().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
