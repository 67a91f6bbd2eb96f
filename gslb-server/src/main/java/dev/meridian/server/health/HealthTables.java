package dev.meridian.server.health;

import dev.meridian.probes.health.HealthView;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.request.HealthTable;
import java.time.Instant;

/**
 * The one way a health table is compiled from its layers: the operator's overlays, then what the configuration forces,
 * then what the vantages observe. The serving table and what-if tables (other overlays assumed) both come from here,
 * so an assumption is answered exactly as the same change made for real would be.
 */
public final class HealthTables {
    private HealthTables() {
    }

    /** The table for {@code serving}'s endpoints with these layers, as of {@code now}. */
    public static HealthTable compile(GslbNames serving, HealthView observed, Overlays overlays, Instant now) {
        OverlaidHealthView layered = new OverlaidHealthView(
                new ServingHealthView(serving.configuredHealth(), observed), overlays, serving.endpoints(), now);
        return HealthTable.compile(layered, serving.index().keys(), now.toEpochMilli(), layered);
    }
}
