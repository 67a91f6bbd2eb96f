package dev.meridian.probes.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.probes.latency.ClientNetwork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentTargetsTest {
    private static final MeasurementTarget TARGET = new MeasurementTarget(ClientNetwork.parse("192.0.2.0/24"),
            ClientNetwork.literal("127.0.50.1"));

    @Test
    void theClusterIsReadOncePerIntervalAndAFailedReadKeepsTheLastList() {
        AtomicInteger reads = new AtomicInteger();
        MeasurementTargets source = new MeasurementTargets() {
            @Override
            public void publish(String node, List<MeasurementTarget> targets) {
            }

            @Override
            public List<MeasurementTarget> all() {
                if (reads.incrementAndGet() > 1) {
                    throw new IllegalStateException("cluster unreachable");
                }
                return List.of(TARGET);
            }
        };
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        RecentTargets recent = new RecentTargets(source, Duration.ofSeconds(10), clock);
        assertEquals(List.of(TARGET), recent.get());
        assertEquals(List.of(TARGET), recent.get());
        assertEquals(1, reads.get());
        now[0] = now[0].plusSeconds(10);
        assertEquals(List.of(TARGET), recent.get());
        assertEquals(2, reads.get());
    }
}
