package dev.meridian.server.health;

import dev.meridian.probes.health.HealthSnapshot;
import dev.meridian.probes.health.HealthView;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.request.HealthTable;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Compiles the health the query path reads into a {@link HealthTable}, off the query path, whenever the observed
 * health publishes a new snapshot or a reload brings new endpoints or forced states. The layers, strongest first:
 * the operator's overlays (drain, forced state, weight: the admin API), then what the configuration forces
 * ({@code down: true}), then what the vantages observe.
 */
final class HealthCompiler {
    private final HealthView observed;
    private final Supplier<HealthSnapshot> observedVersion;
    private final Supplier<Overlays> overlays;
    private final Clock clock;
    private final AtomicReference<HealthTable> table = new AtomicReference<>(HealthTable.ALL_UP);
    private GslbNames serving;
    private volatile HealthSnapshot compiledFrom;
    private Overlays overlaysFrom;
    /** When a forced state compiled in ends by itself, so the table must be compiled again; MAX: never. */
    private long nextOverlayEndMillis = Long.MAX_VALUE;

    /**
     * @param observedVersion changes (by identity) whenever {@code observed} may answer differently
     */
    HealthCompiler(GslbNames serving, HealthView observed, Supplier<HealthSnapshot> observedVersion,
            Supplier<Overlays> overlays, Clock clock) {
        this.serving = Objects.requireNonNull(serving, "serving");
        this.observed = Objects.requireNonNull(observed, "observed");
        this.observedVersion = Objects.requireNonNull(observedVersion, "observedVersion");
        this.overlays = Objects.requireNonNull(overlays, "overlays");
        this.clock = Objects.requireNonNull(clock, "clock");
        compile();
    }

    /** The table the query path reads now. */
    HealthTable table() {
        return table.get();
    }

    /** A table as the serving one would be with {@code assumed} overlays instead of the real ones; sets nothing. */
    synchronized HealthTable assuming(Overlays assumed) {
        return HealthTables.compile(serving, observed, assumed, clock.instant());
    }

    /** The observed snapshot the table was compiled from, so reports show what answers use. */
    HealthSnapshot compiledFrom() {
        return compiledFrom;
    }

    /** Compiles for a configuration about to serve, before its first query. */
    synchronized void follow(GslbNames next) {
        serving = Objects.requireNonNull(next, "next");
        compile();
    }

    /**
     * Compiles again if the observed health or the overlays changed since the last compile, or a forced state ended;
     * cheap when none did.
     */
    synchronized void refresh() {
        if (observedVersion.get() != compiledFrom || overlays.get() != overlaysFrom
                || clock.millis() >= nextOverlayEndMillis) {
            compile();
        }
    }

    private void compile() {
        HealthSnapshot from = observedVersion.get();
        Overlays operator = overlays.get();
        Instant at = clock.instant();
        long now = at.toEpochMilli();
        table.set(HealthTables.compile(serving, observed, operator, at));
        compiledFrom = from;
        overlaysFrom = operator;
        nextOverlayEndMillis = operator.byTarget().values().stream()
                .filter(o -> o.forcedUntil() != null && o.forcedUntil().toEpochMilli() > now)
                .mapToLong(o -> o.forcedUntil().toEpochMilli()).min().orElse(Long.MAX_VALUE);
    }
}
