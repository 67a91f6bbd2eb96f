package dev.meridian.server.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IngestRateLimitTest {
    @Test
    void eachTokenGetsItsOwnBatchesPerSecond() {
        IngestRateLimit limit = new IngestRateLimit(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < IngestRateLimit.BATCHES_PER_SECOND; i++) {
            assertTrue(limit.admit("beacons"));
        }
        assertFalse(limit.admit("beacons"));
        assertTrue(limit.admit("access-logs"));
    }

    @Test
    void theNextSecondStartsAfresh() {
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
        IngestRateLimit limit = new IngestRateLimit(clock);
        for (int i = 0; i < IngestRateLimit.BATCHES_PER_SECOND; i++) {
            limit.admit("beacons");
        }
        assertFalse(limit.admit("beacons"));
        now[0] = now[0].plusSeconds(1);
        assertTrue(limit.admit("beacons"));
    }
}
