package dev.meridian.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.probes.latency.LatencySnapshot;
import dev.meridian.server.health.HealthReport;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.testing.Garbage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Meters that read a function keep reading it after the garbage collector ran: Micrometer holds a function meter's
 * source weakly, and the sources given here are method references that nothing else holds, as the server's are.
 */
class MeterSourcesTest {

    @Test
    void rateLimiterAndQueryLogCountersReadTheirSourcesAfterACollection() {
        ServerMetrics metrics = new ServerMetrics();
        AtomicLong slipped = new AtomicLong(3);
        AtomicLong written = new AtomicLong(7);
        metrics.rateLimiter(slipped::get, slipped::get);
        metrics.queryLog(written::get, written::get, written::get);
        Garbage.collect();
        MeterRegistry registry = metrics.registry();
        assertEquals(3, registry.get("meridian.dns.rrl.slipped").functionCounter().count());
        assertEquals(3, registry.get("meridian.dns.rrl.dropped").functionCounter().count());
        assertEquals(7, registry.get("meridian.querylog.lines").functionCounter().count());
        assertEquals(7, registry.get("meridian.querylog.dropped").tag("reason", "queue-full").functionCounter()
                .count());
        metrics.close();
    }

    @Test
    void healthGaugesReadTheirSourcesAfterACollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<HealthReport> report = new AtomicReference<>(new HealthReport(1, "00000000", 4, 1, 0));
        AtomicReference<HealthTable> table = new AtomicReference<>();
        new HealthMetrics(registry, table::get, report::get);
        Garbage.collect();
        assertEquals(4, registry.get("meridian.health.endpoints").gauge().value());
        assertEquals(1, registry.get("meridian.health.endpoints.down").gauge().value());
        assertEquals(1, registry.get("meridian.health.state").tag("state", "live").gauge().value());
    }

    @Test
    void latencyGaugesReadTheirSourcesAfterACollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<LatencySnapshot> snapshot = new AtomicReference<>(LatencySnapshot.EMPTY);
        LatencyMetrics.register(registry, snapshot::get, Clock.systemUTC());
        Garbage.collect();
        assertEquals(0, registry.get("meridian.latency.networks").gauge().value());
        assertEquals(0, registry.get("meridian.latency.countries").gauge().value());
    }
}
