package dev.meridian.server.notify;

import dev.meridian.probes.config.Durations;
import java.time.Duration;

/**
 * How long to wait before each retry: {@code first}, then twice as long each time, never more than {@code max}; and
 * how many attempts in all. Without jitter, so a receiver's logs show the schedule an operator configured.
 *
 * @param attempts attempts in all, the first one included
 */
public record Backoff(int attempts, Duration first, Duration max) {
    public static final Backoff DEFAULT = new Backoff(6, Duration.ofSeconds(1), Duration.ofSeconds(60));

    public Backoff {
        if (attempts < 1 || attempts > 100) {
            throw new IllegalArgumentException("attempts must be from 1 to 100, was " + attempts);
        }
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("first-retry must be positive, was " + Durations.text(first));
        }
        if (max.compareTo(first) < 0) {
            throw new IllegalArgumentException("max-retry must be at least first-retry (" + Durations.text(first)
                    + "), was " + Durations.text(max));
        }
    }

    /** The wait after the {@code failed}-th attempt failed (1 for the first). */
    public Duration delayAfter(int failed) {
        Duration delay = first;
        for (int i = 1; i < failed && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
