package dev.meridian.server.admin;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * How many sample batches each token may send: a fixed one-second window per token name. Enough to stop a runaway
 * beacon collector from flooding the cluster map; not a fairness scheduler.
 */
final class IngestRateLimit {
    static final int BATCHES_PER_SECOND = 10;

    private final Clock clock;
    private final Map<String, long[]> windows = new HashMap<>();

    IngestRateLimit(Clock clock) {
        this.clock = clock;
    }

    /** Whether one more batch from {@code token} is allowed now; counts it when it is. */
    synchronized boolean admit(String token) {
        long second = clock.millis() / 1000;
        long[] window = windows.computeIfAbsent(token, t -> new long[2]);
        if (window[0] != second) {
            window[0] = second;
            window[1] = 0;
        }
        return ++window[1] <= BATCHES_PER_SECOND;
    }
}
