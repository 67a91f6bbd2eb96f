package dev.meridian.probes.measure;

import dev.meridian.probes.latency.LatencyMap;
import dev.meridian.probes.latency.LatencySample;
import dev.meridian.probes.latency.LatencySource;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Measures the target networks one at a time, in turn, on a thread of its own: one measurement every
 * {@code 1 / perSecond} seconds at most (the next starts that long after the last ended), the first
 * {@code maxTargets} targets only, and a network whose resolver did not answer skipped for 1, 2, 4... rounds up to
 * the maximum backoff. Each answer becomes an {@code ACTIVE} sample for the agent's region.
 */
public final class LatencyMeasurer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LatencyMeasurer.class.getName());

    private final String region;
    private final MeasureSettings settings;
    private final Supplier<List<MeasurementTarget>> targets;
    private final RttProbe probe;
    private final LatencyMap map;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    /** Per target: consecutive failures and the time before which it is skipped. Used by the one thread only. */
    private final Map<MeasurementTarget, long[]> backoff = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private int next;
    /** When a failure was last logged: a cluster that is away fails every measurement, logged once a minute. */
    private long warnedAt = Long.MIN_VALUE;
    private static final long WARN_EVERY_MILLIS = 60_000;

    /** @param region the agent's region, which its samples are recorded for */
    public LatencyMeasurer(String region, MeasureSettings settings, Supplier<List<MeasurementTarget>> targets,
            LatencyMap map, Clock clock) {
        this.region = Objects.requireNonNull(region, "region");
        this.probe = RttProbe.of(settings);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.map = Objects.requireNonNull(map, "map");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "latency-measurer-" + region);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts measuring. */
    public LatencyMeasurer start() {
        thread.scheduleWithFixedDelay(this::measureNext, 0, 1_000_000 / settings.perSecond(),
                TimeUnit.MICROSECONDS);
        return this;
    }

    /** Measurements sent, answered and failed (timed out or refused at the transport) so far. */
    public long sent() {
        return sent.get();
    }

    public long answered() {
        return answered.get();
    }

    public long failed() {
        return failed.get();
    }

    private void measureNext() {
        try {
            List<MeasurementTarget> all = targets.get();
            int n = Math.min(all.size(), settings.maxTargets());
            long now = clock.millis();
            for (int tried = 0; tried < n; tried++) {
                MeasurementTarget target = all.get(next++ % n);
                long[] state = backoff.get(target);
                if (state != null && now < state[1]) {
                    continue;
                }
                measure(target, now);
                return;
            }
        } catch (RuntimeException e) {
            long now = clock.millis();
            if (warnedAt == Long.MIN_VALUE || now - warnedAt >= WARN_EVERY_MILLIS) {
                warnedAt = now;
                LOG.log(System.Logger.Level.WARNING, "latency measurement failed (logged once a minute); going on "
                        + "with the next: " + e);
            }
        }
    }

    private void measure(MeasurementTarget target, long now) {
        sent.incrementAndGet();
        double rtt = probe.measure(target.resolver());
        if (rtt < 0) {
            failed.incrementAndGet();
            long[] state = backoff.computeIfAbsent(target, t -> new long[2]);
            state[0]++;
            long round = Math.max(1, settings.maxTargets() * 1000L / settings.perSecond());
            long skip = Math.min(settings.backoffMax().toMillis(), round << Math.min(20, state[0] - 1));
            state[1] = clock.millis() + skip;
            return;
        }
        answered.incrementAndGet();
        backoff.remove(target);
        map.record(new LatencySample(target.network(), region, rtt, now, LatencySource.ACTIVE));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
