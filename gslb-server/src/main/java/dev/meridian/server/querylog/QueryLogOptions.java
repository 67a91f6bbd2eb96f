package dev.meridian.server.querylog;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code query-log} block.
 *
 * @param file the file lines are appended to
 * @param sample the share of answered queries logged, from 0 (none) to 1 (all)
 * @param maxPerSecond lines written in any one second at most, so a flood cannot fill the disk; the rest are counted
 * @param queue queries waiting for the writer at most; beyond it they are counted and dropped
 */
public record QueryLogOptions(Path file, double sample, int maxPerSecond, int queue) {
    public static final double DEFAULT_SAMPLE = 1.0;
    public static final int DEFAULT_MAX_PER_SECOND = 1000;
    public static final int DEFAULT_QUEUE = 10_000;

    public QueryLogOptions {
        Objects.requireNonNull(file, "file");
        if (!(sample >= 0 && sample <= 1)) {
            throw new IllegalArgumentException("sample must be from 0 to 1, got " + sample);
        }
        if (maxPerSecond < 1) {
            throw new IllegalArgumentException("max-per-second must be at least 1, got " + maxPerSecond);
        }
        if (queue < 1) {
            throw new IllegalArgumentException("queue must be at least 1, got " + queue);
        }
    }
}
