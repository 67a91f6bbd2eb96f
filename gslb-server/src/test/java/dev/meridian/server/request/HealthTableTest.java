package dev.meridian.server.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.health.EndpointHealth;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.health.HealthView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthTableTest {
    private static final long NOW = 1_000_000;

    /** eu is down, us may change within 12 s, ap is up on stale votes. */
    private static final HealthView VIEW = new HealthView() {
        @Override
        public EndpointHealth health(String key) {
            return key.equals("eu") ? new EndpointHealth(HealthStatus.DOWN, false, Instant.EPOCH, false)
                    : key.equals("ap") ? new EndpointHealth(HealthStatus.UP, false, Instant.EPOCH, true)
                    : EndpointHealth.ASSUMED_UP;
        }

        @Override
        public Duration nextChangeBound(String key) {
            return key.equals("us") ? Duration.ofSeconds(12) : UNBOUNDED;
        }
    };

    private final HealthTable table = HealthTable.compile(VIEW, List.of("eu", "us", "ap"), NOW);

    @Test
    void readsEachEndpointsStatusAtItsIndex() {
        assertFalse(table.isUp(0));
        assertTrue(table.isUp(1));
        assertTrue(table.isUp(2));
    }

    @Test
    void anEndpointCompiledLaterCountsAsUpWithNoForeseeableChange() {
        assertTrue(table.isUp(3));
        assertEquals(Long.MAX_VALUE, table.secondsToChange(3, NOW));
    }

    @Test
    void theChangeBoundCountsDownFromWhenItWasCompiled() {
        assertEquals(12, table.secondsToChange(1, NOW));
        assertEquals(12, table.secondsToChange(1, NOW + 5));
        assertEquals(7, table.secondsToChange(1, NOW + 5_000));
        assertEquals(0, table.secondsToChange(1, NOW + 60_000));
        assertEquals(Long.MAX_VALUE, table.secondsToChange(2, NOW + 60_000));
    }

    @Test
    void aChangeIsForeseenOnlyWhereTheTableBoundsIt() {
        assertTrue(table.changeForeseen(1));
        assertFalse(table.changeForeseen(2));
        assertFalse(table.changeForeseen(3));
    }

    @Test
    void staleHealthIsReadAtItsIndexAndAnEndpointCompiledLaterIsNotStale() {
        assertFalse(table.isStale(0));
        assertFalse(table.isStale(1));
        assertTrue(table.isStale(2));
        assertFalse(table.isStale(3));
    }
}
