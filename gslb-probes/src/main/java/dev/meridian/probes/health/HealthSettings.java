package dev.meridian.probes.health;

import dev.meridian.probes.plan.CheckTiming;
import java.time.Duration;
import java.util.Objects;

/**
 * How the aggregator turns vantage votes into endpoint health.
 *
 * @param quorum the share of fresh vantages that must see an endpoint up for it to be up, in (0, 1]; at exactly
 *        the share it is up (0.5 with two vantages split: up), so a tie fails open
 * @param minFreshVantages fewer fresh votes than this count as no votes: the last state is held and marked stale
 *        (1 by default; 2 or more keeps one partitioned agent from deciding alone)
 * @param staleAfterIntervals an observation is fresh while younger than this many check intervals (default 3)
 * @param failbackDelay how long a down endpoint must have been continuously seen up by a quorum before it is up
 *        again (default 30 s)
 * @param minHold the least time a state holds before it may flip again (default 0: the agents' rise/fall is the
 *        hysteresis)
 * @param defaultTiming the check timing of endpoints missing from the plan
 * @param coldStartMaxAge a persisted state older than this is ignored at start (default 24 h)
 * @param maxStaleness how long an endpoint without fresh votes keeps its last state before {@code afterMaxStaleness}
 *        applies (default 5 min: longer than an agent restart or a short partition, short enough to be noticed)
 * @param afterMaxStaleness what happens to it then (default {@link StaleRule#HOLD})
 */
public record HealthSettings(double quorum, int minFreshVantages, int staleAfterIntervals, Duration failbackDelay,
        Duration minHold, CheckTiming defaultTiming, Duration coldStartMaxAge, Duration maxStaleness,
        StaleRule afterMaxStaleness) {
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofMinutes(5);
    public static final HealthSettings DEFAULT = new HealthSettings(0.5, 1, 3, Duration.ofSeconds(30), Duration.ZERO,
            CheckTiming.DEFAULT, Duration.ofHours(24), DEFAULT_MAX_STALENESS, StaleRule.HOLD);

    public HealthSettings {
        if (!(quorum > 0 && quorum <= 1)) {
            throw new IllegalArgumentException("quorum must be in (0, 1], was " + quorum);
        }
        if (minFreshVantages < 1) {
            throw new IllegalArgumentException("minFreshVantages must be at least 1, was " + minFreshVantages);
        }
        if (staleAfterIntervals < 1) {
            throw new IllegalArgumentException("staleAfterIntervals must be at least 1, was " + staleAfterIntervals);
        }
        requireNotNegative(failbackDelay, "failbackDelay");
        requireNotNegative(minHold, "minHold");
        Objects.requireNonNull(defaultTiming, "defaultTiming");
        requireNotNegative(coldStartMaxAge, "coldStartMaxAge");
        requireNotNegative(maxStaleness, "maxStaleness");
        if (maxStaleness.isZero()) {
            throw new IllegalArgumentException("maxStaleness must be positive");
        }
        Objects.requireNonNull(afterMaxStaleness, "afterMaxStaleness");
    }

    public HealthSettings withQuorum(double value) {
        return new HealthSettings(value, minFreshVantages, staleAfterIntervals, failbackDelay, minHold, defaultTiming,
                coldStartMaxAge, maxStaleness, afterMaxStaleness);
    }

    public HealthSettings withMinFreshVantages(int value) {
        return new HealthSettings(quorum, value, staleAfterIntervals, failbackDelay, minHold, defaultTiming,
                coldStartMaxAge, maxStaleness, afterMaxStaleness);
    }

    public HealthSettings withFailbackDelay(Duration value) {
        return new HealthSettings(quorum, minFreshVantages, staleAfterIntervals, value, minHold, defaultTiming,
                coldStartMaxAge, maxStaleness, afterMaxStaleness);
    }

    public HealthSettings withMinHold(Duration value) {
        return new HealthSettings(quorum, minFreshVantages, staleAfterIntervals, failbackDelay, value, defaultTiming,
                coldStartMaxAge, maxStaleness, afterMaxStaleness);
    }

    public HealthSettings withDefaultTiming(CheckTiming value) {
        return new HealthSettings(quorum, minFreshVantages, staleAfterIntervals, failbackDelay, minHold, value,
                coldStartMaxAge, maxStaleness, afterMaxStaleness);
    }

    public HealthSettings withMaxStaleness(Duration value) {
        return new HealthSettings(quorum, minFreshVantages, staleAfterIntervals, failbackDelay, minHold, defaultTiming,
                coldStartMaxAge, value, afterMaxStaleness);
    }

    public HealthSettings withAfterMaxStaleness(StaleRule value) {
        return new HealthSettings(quorum, minFreshVantages, staleAfterIntervals, failbackDelay, minHold, defaultTiming,
                coldStartMaxAge, maxStaleness, value);
    }

    /** How long an observation checked with {@code timing} stays fresh. */
    public Duration freshness(CheckTiming timing) {
        return timing.interval().multipliedBy(staleAfterIntervals);
    }

    private static void requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
