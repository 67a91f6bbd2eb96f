package dev.meridian.probes.latency;

import java.time.Duration;

/**
 * How latency samples become routing decisions.
 *
 * @param ipv4Prefix the client networks measured and steered for IPv4 (default /24)
 * @param ipv6Prefix the same for IPv6 (default /48)
 * @param alpha the weight of a new sample in the smoothed RTT (0 &lt; alpha &le; 1)
 * @param fresh how old a network's newest sample may be for routing to use it
 * @param expiry how long an entry stays in the map after its last sample
 * @param marginMillis a network switches region only when the new one is faster by more than this...
 * @param marginPercent ...and by more than this percentage of the current region's RTT
 */
public record LatencySettings(int ipv4Prefix, int ipv6Prefix, double alpha, Duration fresh, Duration expiry,
        double marginMillis, double marginPercent) {
    public static final LatencySettings DEFAULTS = new LatencySettings(24, 48, 0.3, Duration.ofMinutes(10),
            Duration.ofHours(1), 5, 10);

    public LatencySettings {
        if (ipv4Prefix < 1 || ipv4Prefix > 32 || ipv6Prefix < 1 || ipv6Prefix > 128) {
            throw new IllegalArgumentException("latency prefixes must be 1-32 (IPv4) and 1-128 (IPv6)");
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("latency smoothing alpha must be in (0, 1], not " + alpha);
        }
        if (fresh.isNegative() || fresh.isZero() || expiry.compareTo(fresh) < 0) {
            throw new IllegalArgumentException("latency freshness must be positive and no longer than the expiry");
        }
        if (!(marginMillis >= 0) || !(marginPercent >= 0)) {
            throw new IllegalArgumentException("latency margins must not be negative");
        }
    }

    /** Whether moving a network from a region at {@code currentMillis} to one at {@code candidateMillis} pays. */
    public boolean worthSwitching(double currentMillis, double candidateMillis) {
        double gain = currentMillis - candidateMillis;
        return gain > marginMillis && gain > currentMillis * marginPercent / 100;
    }
}
