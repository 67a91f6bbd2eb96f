package dev.meridian.server.serving;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Which configuration a node answers from: a digest of the content of every file the snapshot was built from, and
 * when it was loaded. Two nodes with the same digest serve the same data, whenever they loaded it.
 *
 * @param digest hex SHA-256 over the input files' names and contents
 * @param loadedAt when the snapshot was built
 */
public record ConfigVersion(String digest, Instant loadedAt) {
    /** Digits of the digest shown to operators: enough to tell configurations apart at a glance. */
    private static final int SHORT_LENGTH = 12;

    public ConfigVersion {
        Objects.requireNonNull(digest, "digest");
        loadedAt = loadedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The first twelve hex digits of the digest. */
    public String shortDigest() {
        return digest.substring(0, Math.min(SHORT_LENGTH, digest.length()));
    }

    @Override
    public String toString() {
        return shortDigest() + "@" + loadedAt;
    }
}
