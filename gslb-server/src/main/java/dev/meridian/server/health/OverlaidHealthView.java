package dev.meridian.server.health;

import dev.meridian.probes.health.EndpointHealth;
import dev.meridian.probes.health.HealthStatus;
import dev.meridian.probes.health.HealthView;
import dev.meridian.server.control.Overlay;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.policy.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's layer over the configured and observed health: a drained endpoint takes no traffic, a forced one is
 * up or down as forced (until its end), and both are shown as forced. Drain wins over forced up: an operator who
 * drains wants no traffic there, whatever else was said. Resolved per health key once per compile, never per query.
 */
final class OverlaidHealthView implements HealthView {
    private final HealthView below;
    private final Map<String, Overlays.Effective> byKey;
    private final Instant now;

    OverlaidHealthView(HealthView below, Overlays overlays, List<Endpoint> endpoints, Instant now) {
        this.below = below;
        this.now = now;
        Map<String, Overlays.Effective> map = new HashMap<>();
        for (Endpoint e : endpoints) {
            Overlays.Effective effective = overlays.forEndpoint(e.id(), e.region().name(), now);
            if (!effective.equals(Overlays.Effective.NONE)) {
                map.put(e.healthKey(), effective);
            }
        }
        this.byKey = map;
    }

    /** The operator's weight for the endpoint, or {@code -1} for the configured one. */
    int weight(String healthKey) {
        Overlays.Effective effective = byKey.get(healthKey);
        return effective == null || effective.weight() == null ? -1 : effective.weight();
    }

    @Override
    public EndpointHealth health(String healthKey) {
        Overlays.Effective effective = byKey.get(healthKey);
        if (effective == null) {
            return below.health(healthKey);
        }
        if (effective.drainedAt() != null) {
            return new EndpointHealth(HealthStatus.DOWN, true, effective.drainedAt(), false);
        }
        if (effective.forced() != null) {
            HealthStatus status = effective.forced() == Overlay.Forced.UP ? HealthStatus.UP : HealthStatus.DOWN;
            return new EndpointHealth(status, true, now, false);
        }
        return below.health(healthKey);
    }

    @Override
    public Duration nextChangeBound(String healthKey) {
        Overlays.Effective effective = byKey.get(healthKey);
        if (effective == null || effective.drainedAt() == null && effective.forced() == null) {
            return below.nextChangeBound(healthKey);
        }
        if (effective.drainedAt() == null && effective.forcedUntil() != null) {
            return Duration.between(now, effective.forcedUntil());
        }
        // An operator may undrain or unforce at any time, but nothing foresees when: as for configuration.
        return UNBOUNDED;
    }
}
