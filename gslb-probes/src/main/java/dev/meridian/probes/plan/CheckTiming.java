package dev.meridian.probes.plan;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently an endpoint is checked, and how many results in a row change its state.
 *
 * @param interval time between the starts of two checks
 * @param timeout a check not finished by then has failed; always shorter than the interval
 * @param rise consecutive successes that bring a down endpoint up (default 2)
 * @param fall consecutive failures that take an up endpoint down (default 3)
 */
public record CheckTiming(Duration interval, Duration timeout, int rise, int fall) implements Serializable {
    public static final CheckTiming DEFAULT = new CheckTiming(Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3);

    public CheckTiming {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("timeout must be positive and shorter than the interval");
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1");
        }
    }
}
