package dev.meridian.server.health;

import dev.meridian.probes.health.HealthSnapshot;
import dev.meridian.probes.health.HealthView;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.request.HealthTable;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Compiles the health the query path reads into a {@link HealthTable}, off the query path, whenever the observed
 * health publishes a new snapshot or a reload brings new endpoints or forced states. The layers, strongest first:
 * what the configuration forces ({@code down: true}), then what the vantages observe. Operator overrides (the admin
 * API) join as the strongest layer.
 */
final class HealthCompiler {
    private final HealthView observed;
    private final Supplier<HealthSnapshot> observedVersion;
    private final Clock clock;
    private final AtomicReference<HealthTable> table = new AtomicReference<>(HealthTable.ALL_UP);
    private GslbNames serving;
    private volatile HealthSnapshot compiledFrom;

    /**
     * @param observedVersion changes (by identity) whenever {@code observed} may answer differently
     */
    HealthCompiler(GslbNames serving, HealthView observed, Supplier<HealthSnapshot> observedVersion, Clock clock) {
        this.serving = Objects.requireNonNull(serving, "serving");
        this.observed = Objects.requireNonNull(observed, "observed");
        this.observedVersion = Objects.requireNonNull(observedVersion, "observedVersion");
        this.clock = Objects.requireNonNull(clock, "clock");
        compile();
    }

    /** The table the query path reads now. */
    HealthTable table() {
        return table.get();
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

    /** Compiles again if the observed health changed since the last compile; cheap when it did not. */
    synchronized void refresh() {
        if (observedVersion.get() != compiledFrom) {
            compile();
        }
    }

    private void compile() {
        HealthSnapshot from = observedVersion.get();
        HealthView layered = new ServingHealthView(serving.configuredHealth(), observed);
        table.set(HealthTable.compile(layered, serving.index().keys(), clock.millis()));
        compiledFrom = from;
    }
}
