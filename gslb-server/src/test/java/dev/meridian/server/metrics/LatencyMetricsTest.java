package dev.meridian.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.probes.latency.ClientNetwork;
import dev.meridian.probes.latency.CountryKey;
import dev.meridian.probes.latency.LatencyEntry;
import dev.meridian.probes.latency.LatencyKey;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.probes.latency.LatencySnapshot;
import dev.meridian.probes.latency.LatencySnapshotBuilder;
import dev.meridian.probes.latency.LatencySource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyMetricsTest {
    @Test
    void gaugesShowTheSnapshotQueriesRead() {
        long built = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        LatencySnapshot snapshot = new LatencySnapshotBuilder(LatencySettings.DEFAULTS, n -> CountryKey.of("GB"))
                .build(Map.of(new LatencyKey(ClientNetwork.parse("192.0.2.0/24"), "eu-west"),
                        new LatencyEntry(20, 1, built, LatencySource.RUM)), LatencySnapshot.EMPTY, built);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LatencyMetrics.register(registry, () -> snapshot,
                Clock.fixed(Instant.ofEpochMilli(built + 2_000), ZoneOffset.UTC));
        assertEquals(1, registry.get("meridian.latency.networks").gauge().value());
        assertEquals(1, registry.get("meridian.latency.countries").gauge().value());
        assertEquals(2, registry.get("meridian.latency.snapshot.age").gauge().value());
    }

    @Test
    void decisionsAreCountedByTheLevelThatDecided() {
        LatencySnapshot snapshot = LatencySnapshot.empty(new dev.meridian.probes.latency.LatencyLevels());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LatencyMetrics.register(registry, () -> snapshot, Clock.systemUTC());
        snapshot.levels().decided(dev.meridian.probes.latency.LatencyRow.Level.NETWORK);
        snapshot.levels().decided(null);
        snapshot.levels().decided(null);
        assertEquals(1, registry.get("meridian.latency.decisions").tag("level", "network").functionCounter().count());
        assertEquals(0, registry.get("meridian.latency.decisions").tag("level", "country").functionCounter().count());
        assertEquals(2,
                registry.get("meridian.latency.decisions").tag("level", "geoproximity").functionCounter().count());
    }
}
