package dev.meridian.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.health.EndpointHealth;
import dev.meridian.probes.health.HealthView;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.server.control.Overlay;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.policy.Region;
import dev.meridian.server.request.HealthTable;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's layer and slow start over observed health, as the health table is compiled from them. */
class OverlaidHealthViewTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Region EU = new Region("eu", 0, 51.5, -0.1, 0);

    private static Endpoint endpoint(String name, int index, Duration slowStart) throws Exception {
        return new Endpoint("eu/" + name, "z/eu/" + name, index, EU,
                List.of((Inet4Address) InetAddress.getByName("192.0.2." + (index + 1))), List.of(), null, 1, false,
                null, slowStart);
    }

    private static HealthView observed(Map<String, EndpointHealth> health) {
        return key -> health.getOrDefault(key, EndpointHealth.ASSUMED_UP);
    }

    private static HealthTable compile(HealthView below, Overlays overlays, List<Endpoint> endpoints) {
        OverlaidHealthView view = new OverlaidHealthView(below, overlays, endpoints, NOW);
        return HealthTable.compile(view, endpoints.stream().map(Endpoint::healthKey).toList(), NOW.toEpochMilli(),
                view);
    }

    @Test
    void aRecoveredEndpointRampsOverItsSlowStartFromWhenItCameUp() throws Exception {
        Endpoint lb = endpoint("lb", 0, Duration.ofSeconds(20));
        HealthTable table = compile(observed(Map.of("z/eu/lb",
                new EndpointHealth(HealthStatus.UP, false, NOW.minusSeconds(5), false))), Overlays.NONE, List.of(lb));
        assertEquals(0.25, table.rampFraction(0, NOW.toEpochMilli()), 1e-9);
        assertEquals(1.0, table.rampFraction(0, NOW.plusSeconds(15).toEpochMilli()));
    }

    @Test
    void anEndpointWithoutSlowStartTakesItsFullShareAtOnce() throws Exception {
        Endpoint lb = endpoint("lb", 0, Duration.ZERO);
        HealthTable table = compile(observed(Map.of("z/eu/lb",
                new EndpointHealth(HealthStatus.UP, false, NOW.minusSeconds(5), false))), Overlays.NONE, List.of(lb));
        assertEquals(1.0, table.rampFraction(0, NOW.toEpochMilli()));
    }

    @Test
    void drainWinsOverForcedUp() throws Exception {
        Endpoint lb = endpoint("lb", 0, Duration.ZERO);
        Overlays overlays = Overlays.NONE.with(Overlay.none("eu", "ops", NOW).withDrain(NOW, "ops", NOW))
                .with(Overlay.none("eu/lb", "ops", NOW).withForced(Overlay.Forced.UP, null, "ops", NOW));
        assertFalse(compile(observed(Map.of()), overlays, List.of(lb)).isUp(0));
    }

    @Test
    void anEndpointsOwnWeightWinsOverItsRegions() throws Exception {
        Endpoint lb = endpoint("lb", 0, Duration.ZERO);
        Endpoint spare = endpoint("spare", 1, Duration.ZERO);
        Overlays overlays = Overlays.NONE.with(Overlay.none("eu", "ops", NOW).withWeight(7, "ops", NOW))
                .with(Overlay.none("eu/lb", "ops", NOW).withWeight(2, "ops", NOW));
        HealthTable table = compile(observed(Map.of()), overlays, List.of(lb, spare));
        assertEquals(2, table.weight(0, 1));
        assertEquals(7, table.weight(1, 1));
    }

    @Test
    void aForcedDownStateBoundsTheTtlByItsEnd() throws Exception {
        Endpoint lb = endpoint("lb", 0, Duration.ZERO);
        Overlays overlays = Overlays.NONE.with(Overlay.none("eu/lb", "ops", NOW)
                .withForced(Overlay.Forced.DOWN, NOW.plusSeconds(12), "ops", NOW));
        HealthTable table = compile(observed(Map.of()), overlays, List.of(lb));
        assertFalse(table.isUp(0));
        assertTrue(table.secondsToChange(0, NOW.toEpochMilli()) <= 12);
    }
}
