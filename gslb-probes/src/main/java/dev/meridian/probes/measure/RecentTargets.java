package dev.meridian.probes.measure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The published targets, re-read from the cluster at most every {@code every}, so a measurer asking before each
 * measurement makes one cluster call per interval, not per measurement. Keeps the last list when a read fails (the
 * cluster is unreachable). Used by the measurer's one thread.
 */
public final class RecentTargets implements Supplier<List<MeasurementTarget>> {
    private static final System.Logger LOG = System.getLogger(RecentTargets.class.getName());

    private final MeasurementTargets source;
    private final Duration every;
    private final Clock clock;
    private List<MeasurementTarget> last = List.of();
    private long readAt = Long.MIN_VALUE;

    public RecentTargets(MeasurementTargets source, Duration every, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.every = Objects.requireNonNull(every, "every");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<MeasurementTarget> get() {
        long now = clock.millis();
        if (readAt == Long.MIN_VALUE || now - readAt >= every.toMillis()) {
            readAt = now;
            try {
                last = source.all();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "measurement targets not read; keeping the last list", e);
            }
        }
        return last;
    }
}
