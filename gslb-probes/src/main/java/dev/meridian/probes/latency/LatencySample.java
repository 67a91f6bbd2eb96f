package dev.meridian.probes.latency;

import java.util.Objects;

/**
 * One round-trip time measured from a region to a client network.
 *
 * @param network the client network (already cut to the map's prefix length)
 * @param region the region's name, as in the policy files
 * @param rttMillis the round-trip time in milliseconds, not negative
 * @param atMillis when it was measured, epoch milliseconds
 */
public record LatencySample(ClientNetwork network, String region, double rttMillis, long atMillis,
        LatencySource source) {
    public LatencySample {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(source, "source");
        if (!(rttMillis >= 0) || Double.isInfinite(rttMillis)) {
            throw new IllegalArgumentException("rtt must be a finite number of milliseconds, not " + rttMillis);
        }
    }
}
