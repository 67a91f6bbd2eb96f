package dev.meridian.probes.latency;

import java.net.InetAddress;

/**
 * Measured round-trip times from regions to client networks, for latency-based routing. Like the health view it
 * answers from an immutable snapshot, without locks or lookups by string.
 */
public interface LatencyView {
    /** No measurements at all: latency routing falls back to geographic proximity. */
    LatencyView NONE = new LatencyView() {
        private final LatencyLevels levels = new LatencyLevels();

        @Override
        public LatencyLevels levels() {
            return levels;
        }

        @Override
        public LatencyRow network(InetAddress client, int knownPrefix) {
            return null;
        }

        @Override
        public LatencyRow country(int country) {
            return null;
        }
    };

    /**
     * The fresh measurements for the measured network holding {@code client}, or {@code null} when there are none or
     * when fewer than the network's prefix bits of the client are known ({@code knownPrefix}).
     */
    LatencyRow network(InetAddress client, int knownPrefix);

    /**
     * The aggregate of the measured networks of a country ({@link CountryKey#of}), or {@code null} when none of
     * them has fresh measurements.
     */
    LatencyRow country(int country);

    /** Where the policy counts which level decided. */
    LatencyLevels levels();
}
