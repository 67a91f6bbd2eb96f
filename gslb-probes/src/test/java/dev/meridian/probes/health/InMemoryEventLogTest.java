package dev.meridian.probes.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.probes.observe.HealthStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryEventLogTest {
    private static FailoverEvent event(long version) {
        return new FailoverEvent(version, Instant.EPOCH.plusSeconds(version), "ex/eu/web1", HealthStatus.UP,
                HealthStatus.DOWN, false, List.of("eu/a"), List.of(), "test");
    }

    @Test
    void keepsTheNewestUpToItsCapacityNewestFirst() {
        InMemoryEventLog log = new InMemoryEventLog(3);
        for (long v = 1; v <= 5; v++) {
            log.append(event(v));
        }
        assertEquals(List.of(event(5), event(4), event(3)), log.newestFirst(10));
        assertEquals(List.of(event(5)), log.newestFirst(1));
        assertEquals(List.of(), log.newestFirst(0));
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new InMemoryEventLog(0));
    }
}
