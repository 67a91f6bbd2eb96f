package dev.meridian.probes.observe;

import java.util.Objects;

/**
 * What one vantage point (an agent) currently concludes about one endpoint, after its own rise/fall thresholds.
 * Only that agent sends it; it stops voting by itself when the agent stops refreshing it.
 *
 * @param endpointKey the endpoint's health key
 * @param vantage the agent's identity ({@code region/agent})
 * @param status the agent's verdict after rise/fall
 * @param failingStreak consecutive failed checks so far (non-zero while an up endpoint is failing but not yet down)
 * @param smoothedRttMillis smoothed round-trip time of successful checks, NaN before the first
 * @param p95RttMillis 95th percentile of recent round-trip times, NaN before the first
 * @param sinceEpochMillis when the agent's verdict last changed
 * @param observedEpochMillis when the check behind this observation ended (freshness counts from here)
 */
public record Observation(String endpointKey, String vantage, HealthStatus status, int failingStreak,
        double smoothedRttMillis, double p95RttMillis, long sinceEpochMillis, long observedEpochMillis) {
    public Observation {
        Objects.requireNonNull(endpointKey, "endpointKey");
        Objects.requireNonNull(vantage, "vantage");
        Objects.requireNonNull(status, "status");
    }
}
