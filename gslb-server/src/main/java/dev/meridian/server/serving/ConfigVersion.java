package dev.meridian.server.serving;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Which configuration a node answers from: a digest of the data it serves, and when it was loaded. Two nodes with the
 * same digest serve the same data, whenever they loaded it and wherever their files are.
 *
 * @param digest hex SHA-256 over the names and contents of the zone, policy, included and geo files: what nodes
 *        compare
 * @param loadedAt when the snapshot was built
 * @param inputs the same over the YAML file too: what a reload compares to know whether anything changed
 */
public record ConfigVersion(String digest, Instant loadedAt, String inputs) {
    /** Digits of the digest shown to operators: enough to tell configurations apart at a glance. */
    private static final int SHORT_LENGTH = 12;

    public ConfigVersion {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(inputs, "inputs");
        loadedAt = loadedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A version built without a YAML file: the data is all the input. */
    public ConfigVersion(String digest, Instant loadedAt) {
        this(digest, loadedAt, digest);
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
