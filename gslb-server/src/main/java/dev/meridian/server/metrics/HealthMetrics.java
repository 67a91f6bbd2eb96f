package dev.meridian.server.metrics;

import dev.meridian.server.health.HealthReport;
import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.request.HealthTable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Health as the answers use it: each endpoint up or not (from the compiled table, so the gauge is what queries see),
 * and the node's health snapshot: how many endpoints are down, stale, past their maximum staleness or unknown, and
 * whether the view is live, stale or cold.
 */
public final class HealthMetrics {
    private final MeterRegistry registry;
    private final Supplier<HealthTable> table;
    private List<Meter> bound = List.of();

    public HealthMetrics(MeterRegistry registry, Supplier<HealthTable> table, Supplier<HealthReport> report) {
        this.registry = registry;
        this.table = table;
        Gauge.builder("meridian.health.endpoints", report, r -> r.get().endpoints())
                .description("Endpoints with a verdict").strongReference(true).register(registry);
        Gauge.builder("meridian.health.endpoints.down", report, r -> r.get().down())
                .description("Endpoints down").strongReference(true).register(registry);
        Gauge.builder("meridian.health.endpoints.stale", report, r -> r.get().stale())
                .description("Endpoints held on observations too old to trust")
                .strongReference(true).register(registry);
        Gauge.builder("meridian.health.endpoints.expired", report, r -> r.get().expired())
                .description("Stale endpoints past the maximum staleness").strongReference(true).register(registry);
        Gauge.builder("meridian.health.endpoints.unknown", report, r -> r.get().unknown())
                .description("Checked endpoints without a verdict yet").strongReference(true).register(registry);
        for (String state : List.of("live", "stale", "cold")) {
            Gauge.builder("meridian.health.state", report, r -> r.get().state().equals(state) ? 1 : 0)
                    .description("1 for the state of this node's health view").tag("state", state)
                    .strongReference(true).register(registry);
        }
    }

    /** One gauge per endpoint of {@code names}, replacing the previous snapshot's. */
    public synchronized void bind(GslbNames names) {
        bound.forEach(registry::remove);
        List<Meter> meters = new ArrayList<>();
        for (Endpoint e : names.endpoints()) {
            int index = e.index();
            meters.add(Gauge.builder("meridian.health.endpoint.up", table, t -> t.get().isUp(index) ? 1 : 0)
                    .description("1 when answers may name the endpoint (health, configuration and overlays)")
                    .tag("endpoint", e.healthKey()).strongReference(true).register(registry));
        }
        bound = meters;
    }
}
