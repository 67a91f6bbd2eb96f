package dev.meridian.server.health;

import dev.meridian.probes.health.EndpointHealth;
import dev.meridian.probes.health.HealthView;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.server.control.Overlay;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.request.EndpointLayer;
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
final class OverlaidHealthView implements HealthView, EndpointLayer {
    private final HealthView below;
    private final Map<String, Overlays.Effective> byKey;
    private final Map<String, Duration> slowStart = new HashMap<>();
    private final Instant now;

    OverlaidHealthView(HealthView below, Overlays overlays, List<Endpoint> endpoints, Instant now) {
        this.below = below;
        this.now = now;
        Map<String, Overlays.Effective> map = new HashMap<>();
        for (Endpoint e : endpoints) {
            if (!e.slowStart().isZero()) {
                slowStart.put(e.healthKey(), e.slowStart());
            }
            Overlays.Effective effective = overlays.forEndpoint(e.id(), e.region().name(), now);
            if (!effective.equals(Overlays.Effective.NONE)) {
                map.put(e.healthKey(), effective);
            }
        }
        this.byKey = map;
    }

    @Override
    public int weight(String healthKey) {
        Overlays.Effective effective = byKey.get(healthKey);
        return effective == null || effective.weight() == null ? -1 : effective.weight();
    }

    @Override
    public long rampStartMillis(String healthKey) {
        Instant[] ramp = ramp(healthKey);
        return ramp == null ? 0 : ramp[0].toEpochMilli();
    }

    @Override
    public long rampEndMillis(String healthKey) {
        Instant[] ramp = ramp(healthKey);
        return ramp == null ? 0 : ramp[1].toEpochMilli();
    }

    /**
     * The slow start in force, the one ending last of: the operator's (an undrain or a request), and the
     * configuration's {@code slow-start} from when the vantages last saw the endpoint come up (or first saw it). Both
     * start from times every node shares, so every node ramps alike.
     */
    private Instant[] ramp(String healthKey) {
        Instant[] ramp = null;
        Overlays.Effective effective = byKey.get(healthKey);
        if (effective != null && effective.rampUntil() != null && effective.rampUntil().isAfter(now)) {
            ramp = new Instant[] {effective.rampFrom(), effective.rampUntil()};
        }
        Duration length = slowStart.get(healthKey);
        if (length != null) {
            EndpointHealth observed = below.health(healthKey);
            Instant end = observed.since().plus(length);
            if (observed.isUp() && !observed.forced() && observed.since().isAfter(Instant.EPOCH) && end.isAfter(now)
                    && (ramp == null || end.isAfter(ramp[1]))) {
                ramp = new Instant[] {observed.since(), end};
            }
        }
        return ramp;
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
