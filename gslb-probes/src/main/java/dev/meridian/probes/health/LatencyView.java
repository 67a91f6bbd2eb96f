package dev.meridian.probes.health;

import java.net.InetAddress;

/**
 * Measured round-trip times from regions to client networks, for latency-based routing. Like {@link HealthView} it
 * answers from an immutable snapshot.
 */
public interface LatencyView {
    /** No measurements at all: latency routing falls back to geographic proximity. */
    LatencyView NONE = (region, client, prefixLength) -> Double.NaN;

    /**
     * The smoothed round-trip time in milliseconds from {@code region} to the client network holding {@code client}
     * (of the given prefix length), or {@code NaN} when there is no measurement.
     */
    double rttMillis(String region, InetAddress client, int prefixLength);
}
