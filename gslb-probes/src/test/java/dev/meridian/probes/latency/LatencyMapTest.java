package dev.meridian.probes.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LatencyMapTest {
    private static final ClientNetwork NET = ClientNetwork.parse("198.51.100.0/24");
    private static final LatencySettings SETTINGS = new LatencySettings(24, 48, 0.5, Duration.ofMinutes(1),
            Duration.ofMinutes(5), 5, 10);

    @Test
    void samplesAreSmoothedWithTheConfiguredWeight() {
        InMemoryLatencyMap map = new InMemoryLatencyMap(SETTINGS, Clock.systemUTC());
        map.record(new LatencySample(NET, "eu", 100, 1_000, LatencySource.ACTIVE));
        map.record(new LatencySample(NET, "eu", 20, 2_000, LatencySource.RUM));
        LatencyEntry entry = map.entries().get(new LatencyKey(NET, "eu"));
        assertEquals(60, entry.rttMillis(), 1e-9);
        assertEquals(2, entry.samples());
        assertEquals(2_000, entry.lastSampleMillis());
        assertEquals(LatencySource.RUM, entry.source());
    }

    @Test
    void entriesNotMeasuredForTheExpiryLeaveTheMap() {
        MutableClock clock = new MutableClock();
        InMemoryLatencyMap map = new InMemoryLatencyMap(SETTINGS, clock);
        map.record(new LatencySample(NET, "eu", 100, clock.millis(), LatencySource.ACTIVE));
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertTrue(map.entries().isEmpty());
    }

    @Test
    void entriesSurviveTheClusterEncoding() {
        LatencyEntry entry = new LatencyEntry(12.25, 7, 1_700_000_000_000L, LatencySource.RUM);
        assertEquals(entry, LatencyEntry.decode(entry.encode()));
        LatencyKey key = new LatencyKey(ClientNetwork.parse("2001:db8:1::/48"), "eu-west");
        assertEquals(key, LatencyKey.decode(key.encode()));
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

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
            return now;
        }
    }
}
