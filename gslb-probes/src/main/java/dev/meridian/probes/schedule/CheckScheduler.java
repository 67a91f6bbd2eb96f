package dev.meridian.probes.schedule;

import dev.meridian.probes.check.Checkers;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.plan.CheckTarget;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs one agent's check plan: each target on its own interval, never more than one check in flight per target,
 * and after every check an {@link Observation} to the listener once the target has a verdict (see
 * {@link RiseFall} for why there is none at first).
 *
 * <p>Jitter: a target's first check runs after a delay drawn uniformly from {@code [1 ms, interval]}, then every
 * interval after that. Agents started together, or one agent loading a plan of many targets, thus spread their
 * probes over the whole interval instead of hitting every endpoint in the same instant; a fixed period afterwards
 * keeps that spread and keeps the time between two checks of one target predictable for rise/fall.
 *
 * <p>If a check is still running when its next tick comes (only possible if a checker overruns its timeout), the
 * tick is skipped. All timers, checks and state live on one Vert.x context, taken when the scheduler is created;
 * the listener is called there and must not block. {@link #update} and {@link #close} may be called from any
 * thread and take effect asynchronously, in call order.
 */
public final class CheckScheduler implements AutoCloseable {
    private final Context context;
    private final Checkers checkers;
    private final String vantage;
    private final Consumer<Observation> listener;
    private final Clock clock;
    private final RandomGenerator random;
    private final Map<String, ScheduledTarget> running = new HashMap<>();
    private volatile boolean closed;

    /**
     * @param vertx whose event loop runs the timers and checks
     * @param checkers runs the checks; not closed by this scheduler
     * @param vantage this agent's identity, written into every observation
     * @param listener receives each observation, on the event loop
     */
    public CheckScheduler(Vertx vertx, Checkers checkers, String vantage, Consumer<Observation> listener) {
        this(vertx, checkers, vantage, listener, Clock.systemUTC(), new Random());
    }

    CheckScheduler(Vertx vertx, Checkers checkers, String vantage, Consumer<Observation> listener, Clock clock,
            RandomGenerator random) {
        this.context = Objects.requireNonNull(vertx, "vertx").getOrCreateContext();
        this.checkers = Objects.requireNonNull(checkers, "checkers");
        this.vantage = Objects.requireNonNull(vantage, "vantage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        Objects.requireNonNull(listener, "listener");
        // Observations of checks that end after close() are dropped, even before the context has run the close.
        this.listener = observation -> {
            if (!closed) {
                listener.accept(observation);
            }
        };
    }

    /**
     * Replaces the plan. Targets new to it start (with jitter); targets no longer in it stop; a target whose
     * endpoint key is still there with an equal definition keeps running with its state. A changed definition is a
     * new target: what was learned about the old check does not hold for the new one.
     *
     * @throws IllegalArgumentException if two targets share an endpoint key, which would share an observation
     */
    public void update(List<CheckTarget> targets) {
        Map<String, CheckTarget> plan = new LinkedHashMap<>();
        for (CheckTarget target : Objects.requireNonNull(targets, "targets")) {
            if (plan.putIfAbsent(target.endpointKey(), target) != null) {
                throw new IllegalArgumentException("two check targets for endpoint " + target.endpointKey());
            }
        }
        context.runOnContext(v -> apply(plan));
    }

    private void apply(Map<String, CheckTarget> plan) {
        if (closed) {
            return;
        }
        running.values().removeIf(scheduled -> {
            boolean unchanged = scheduled.target().equals(plan.get(scheduled.target().endpointKey()));
            if (!unchanged) {
                scheduled.stop();
            }
            return !unchanged;
        });
        plan.forEach((key, target) -> running.computeIfAbsent(key, k -> start(target)));
    }

    private ScheduledTarget start(CheckTarget target) {
        ScheduledTarget scheduled = new ScheduledTarget(target, vantage, checkers, listener, clock, context);
        scheduled.start(1 + random.nextLong(scheduled.intervalMillis()));
        return scheduled;
    }

    /** Stops every target. Checks in flight end unseen: the listener hears nothing more once this returns. */
    @Override
    public void close() {
        closed = true;
        context.runOnContext(v -> {
            running.values().forEach(ScheduledTarget::stop);
            running.clear();
        });
    }
}
