package dev.meridian.probes.schedule;

import dev.meridian.probes.check.CheckResult;
import dev.meridian.probes.check.Checkers;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.plan.CheckTarget;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * One target's checks: a periodic timer, the one check in flight, and the state its results build. Everything here
 * runs on the scheduler's context, so none of it needs locks.
 */
final class ScheduledTarget {
    private final CheckTarget target;
    private final String vantage;
    private final Checkers checkers;
    private final Consumer<Observation> listener;
    private final Clock clock;
    private final Context context;
    private final long intervalMillis;
    private final RttStats rtt = new RttStats();
    private RiseFall riseFall;
    private boolean inFlight;
    private boolean stopped;
    private long timerId;

    ScheduledTarget(CheckTarget target, String vantage, Checkers checkers, Consumer<Observation> listener,
            Clock clock, Context context) {
        this.target = target;
        this.vantage = vantage;
        this.checkers = checkers;
        this.listener = listener;
        this.clock = clock;
        this.context = context;
        // Vert.x timers count whole milliseconds, at least one.
        this.intervalMillis = Math.max(1, target.timing().interval().toMillis());
        this.riseFall = RiseFall.start(target.timing().rise(), target.timing().fall());
    }

    CheckTarget target() {
        return target;
    }

    long intervalMillis() {
        return intervalMillis;
    }

    /** Starts checking: the first check after {@code firstDelayMillis}, then one per interval. */
    void start(long firstDelayMillis) {
        timerId = context.owner().setPeriodic(firstDelayMillis, intervalMillis, id -> tick());
    }

    /** Stops checking; a check still in flight ends unseen. */
    void stop() {
        stopped = true;
        context.owner().cancelTimer(timerId);
    }

    private void tick() {
        if (inFlight || stopped) {
            // The previous check has not ended: skip this tick rather than pile checks onto a slow endpoint.
            return;
        }
        inFlight = true;
        Future<CheckResult> check;
        try {
            check = checkers.check(target.spec(), target.timing().timeout());
        } catch (RuntimeException e) {
            check = Future.failedFuture(e);
        }
        // Checkers may complete on any thread; come back to this context before touching state.
        check.onComplete(done -> context.runOnContext(v -> finish(done)));
    }

    private void finish(AsyncResult<CheckResult> done) {
        inFlight = false;
        if (stopped) {
            return;
        }
        CheckResult result = done.succeeded() ? done.result() : new CheckResult.Failed(String.valueOf(done.cause()), 0);
        long now = clock.millis();
        riseFall = riseFall.next(result.passed(), now);
        if (result instanceof CheckResult.Ok ok) {
            rtt.add(ok.rttMillis());
        }
        riseFall.status().ifPresent(status -> listener.accept(new Observation(target.endpointKey(), vantage, status,
                riseFall.failingStreak(), rtt.smoothedMillis(), rtt.p95Millis(), riseFall.sinceEpochMillis(), now)));
    }
}
