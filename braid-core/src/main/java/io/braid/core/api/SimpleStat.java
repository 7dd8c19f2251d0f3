package io.braid.core.api;

/** Ant Media's {@code {"number": N}} answer for counts. */
public record SimpleStat(long number) {
}
