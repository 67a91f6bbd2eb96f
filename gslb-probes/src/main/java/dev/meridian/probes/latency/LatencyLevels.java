package dev.meridian.probes.latency;

import java.util.concurrent.atomic.LongAdder;

/**
 * How often each level of latency routing decided: the network's own data, its country's, or geoproximity. Counted
 * on the query path with {@link LongAdder}s (no locks); one instance outlives every snapshot it is handed to.
 */
public final class LatencyLevels {
    private final LongAdder network = new LongAdder();
    private final LongAdder country = new LongAdder();
    private final LongAdder geoproximity = new LongAdder();

    /** Counts a decision: by {@code level}, or by geoproximity when {@code null}. */
    public void decided(LatencyRow.Level level) {
        (level == null ? geoproximity : level == LatencyRow.Level.NETWORK ? network : country).increment();
    }

    public long network() {
        return network.sum();
    }

    public long country() {
        return country.sum();
    }

    public long geoproximity() {
        return geoproximity.sum();
    }
}
