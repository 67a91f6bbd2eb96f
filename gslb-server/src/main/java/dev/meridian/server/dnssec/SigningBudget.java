package dev.meridian.server.dnssec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How much time the event loops may spend making signatures in each second, shared by all of them. A flood of
 * queries for names never asked before (each denial is signed for its name) would otherwise turn every query into a
 * signature; past the budget, UDP answers that need a new signature are truncated so the resolver asks again over
 * TCP, which proves its address and is bounded by the connection limits. Lock-free; a race at the turn of a second
 * only moves a few signatures from one second to the next.
 */
final class SigningBudget {
    private final long nanosPerSecond;
    private final AtomicLong second = new AtomicLong();
    private final AtomicLong spent = new AtomicLong();

    /** @param nanosPerSecond signing time allowed per second, across all threads; 0 for no limit */
    SigningBudget(long nanosPerSecond) {
        this.nanosPerSecond = nanosPerSecond;
    }

    /** Whether a new signature may be made in the second of {@code nowNanos} (a {@link System#nanoTime()} reading). */
    boolean allows(long nowNanos) {
        if (nanosPerSecond == 0) {
            return true;
        }
        long current = nowNanos / 1_000_000_000L;
        long seen = second.get();
        if (seen != current && second.compareAndSet(seen, current)) {
            spent.set(0);
        }
        return spent.get() < nanosPerSecond;
    }

    /** Counts {@code nanos} of signing against the current second. */
    void charge(long nanos) {
        spent.addAndGet(nanos);
    }
}
