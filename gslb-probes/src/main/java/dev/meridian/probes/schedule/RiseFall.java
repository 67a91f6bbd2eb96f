package dev.meridian.probes.schedule;

import dev.meridian.probes.observe.HealthStatus;
import java.util.Optional;

/**
 * One endpoint's anti-flap state machine, as one vantage point sees it; immutable, each result gives the next
 * state.
 *
 * <p>Rules: {@code rise} consecutive successes make the status UP, {@code fall} consecutive failures make it DOWN;
 * any other result resets the opposite run and leaves the status as it was. A new state has <em>no</em> status: an
 * agent that has just started knows nothing, and reporting a guess would be a vote the aggregator cannot tell from
 * a real one. Its first verdict therefore needs {@code rise} successes or {@code fall} failures in a row, like any
 * later change.
 */
public final class RiseFall {
    private final int rise;
    private final int fall;
    private final HealthStatus status;
    private final int successes;
    private final int failures;
    private final long sinceEpochMillis;

    private RiseFall(int rise, int fall, HealthStatus status, int successes, int failures, long sinceEpochMillis) {
        this.rise = rise;
        this.fall = fall;
        this.status = status;
        this.successes = successes;
        this.failures = failures;
        this.sinceEpochMillis = sinceEpochMillis;
    }

    /** The state before any check: no status yet. */
    public static RiseFall start(int rise, int fall) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1");
        }
        return new RiseFall(rise, fall, null, 0, 0, 0);
    }

    /** The state after one more check, which passed or not, at {@code nowEpochMillis}. */
    public RiseFall next(boolean passed, long nowEpochMillis) {
        if (passed) {
            int run = saturatedIncrement(successes);
            boolean rises = status != HealthStatus.UP && run >= rise;
            return rises
                    ? new RiseFall(rise, fall, HealthStatus.UP, run, 0, nowEpochMillis)
                    : new RiseFall(rise, fall, status, run, 0, sinceEpochMillis);
        }
        int run = saturatedIncrement(failures);
        boolean falls = status != HealthStatus.DOWN && run >= fall;
        return falls
                ? new RiseFall(rise, fall, HealthStatus.DOWN, 0, run, nowEpochMillis)
                : new RiseFall(rise, fall, status, 0, run, sinceEpochMillis);
    }

    /** The verdict, or empty before the first one. */
    public Optional<HealthStatus> status() {
        return Optional.ofNullable(status);
    }

    /** Consecutive failed checks up to now; zero after a success. */
    public int failingStreak() {
        return failures;
    }

    /** When the verdict last changed (the first verdict counts as a change); 0 before the first. */
    public long sinceEpochMillis() {
        return sinceEpochMillis;
    }

    // An endpoint down for years must not wrap its streak into a negative number.
    private static int saturatedIncrement(int run) {
        return run == Integer.MAX_VALUE ? run : run + 1;
    }
}
