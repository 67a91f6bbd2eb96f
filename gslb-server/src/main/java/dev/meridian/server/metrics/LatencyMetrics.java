package dev.meridian.server.metrics;

import dev.meridian.probes.latency.LatencyLevels;
import dev.meridian.probes.latency.LatencySnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The latency snapshot queries read: how many client networks and countries it has fresh data for, how old it is
 * (a rebuild that keeps failing shows as a growing age), and which level decided each latency answer.
 */
public final class LatencyMetrics {
    private LatencyMetrics() {
    }

    public static void register(MeterRegistry registry, Supplier<LatencySnapshot> snapshot, Clock clock) {
        Gauge.builder("meridian.latency.networks", snapshot, s -> s.get().networks().size())
                .description("Client networks with fresh latency data").strongReference(true).register(registry);
        Gauge.builder("meridian.latency.countries", snapshot, s -> s.get().countries())
                .description("Countries with an aggregate of their measured networks")
                .strongReference(true).register(registry);
        Gauge.builder("meridian.latency.snapshot.age", snapshot,
                s -> s.get().builtMillis() == 0 ? Double.NaN : (clock.millis() - s.get().builtMillis()) / 1000.0)
                .baseUnit("seconds").description("Time since the latency snapshot was built")
                .strongReference(true).register(registry);
        LatencyLevels levels = snapshot.get().levels();
        FunctionCounter.builder("meridian.latency.decisions", levels, LatencyLevels::network).tag("level", "network")
                .description("Latency routing decisions, by the level that decided").register(registry);
        FunctionCounter.builder("meridian.latency.decisions", levels, LatencyLevels::country).tag("level", "country")
                .description("Latency routing decisions, by the level that decided").register(registry);
        FunctionCounter.builder("meridian.latency.decisions", levels, LatencyLevels::geoproximity)
                .tag("level", "geoproximity").description("Latency routing decisions, by the level that decided")
                .register(registry);
    }
}
