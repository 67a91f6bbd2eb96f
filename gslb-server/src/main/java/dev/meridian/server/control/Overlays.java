package dev.meridian.server.control;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every overlay in force, by target: one immutable snapshot, replaced whole on each change.
 *
 * @param byTarget overlays by endpoint id or region name
 */
public record Overlays(Map<String, Overlay> byTarget) {
    public static final Overlays NONE = new Overlays(Map.of());

    public Overlays {
        byTarget = Map.copyOf(byTarget);
    }

    /** What applies to an endpoint: its own overlay's fields, else its region's. */
    public Effective forEndpoint(String endpointId, String region, Instant now) {
        Overlay own = byTarget.get(endpointId);
        Overlay whole = byTarget.get(region);
        if (own == null && whole == null) {
            return Effective.NONE;
        }
        Instant drainedAt = own != null && own.drained() ? own.drainedAt() : whole != null ? whole.drainedAt() : null;
        Integer weight = own != null && own.weight() != null ? own.weight() : whole != null ? whole.weight() : null;
        Overlay.Forced forced = own != null ? own.forcedAt(now) : null;
        Instant until = own != null && forced != null ? own.forcedUntil() : null;
        if (forced == null && whole != null) {
            forced = whole.forcedAt(now);
            until = forced != null ? whole.forcedUntil() : null;
        }
        Overlay ramp = later(own, whole);
        return new Effective(drainedAt, weight, forced, until, ramp == null ? null : ramp.rampFrom(),
                ramp == null ? null : ramp.rampUntil());
    }

    /** Of the two, the one whose slow start ends last, or {@code null} when neither has one. */
    private static Overlay later(Overlay a, Overlay b) {
        boolean hasA = a != null && a.rampUntil() != null;
        boolean hasB = b != null && b.rampUntil() != null;
        if (hasA && hasB) {
            return a.rampUntil().isAfter(b.rampUntil()) ? a : b;
        }
        return hasA ? a : hasB ? b : null;
    }

    /** The overlay for {@code target}, or an empty one. */
    public Overlay get(String target, String by, Instant at) {
        Overlay overlay = byTarget.get(target);
        return overlay != null ? overlay : Overlay.none(target, by, at);
    }

    /** This snapshot with {@code overlay} in place of its target's (removed when empty). */
    public Overlays with(Overlay overlay) {
        Map<String, Overlay> next = new TreeMap<>(byTarget);
        if (overlay.isEmpty()) {
            next.remove(overlay.target());
        } else {
            next.put(overlay.target(), overlay);
        }
        return new Overlays(next);
    }

    /**
     * What applies to one endpoint once its own and its region's overlays are merged.
     *
     * @param drainedAt when it was drained, or {@code null}
     * @param weight the weight in force instead of the configured one, or {@code null}
     * @param forced the state forced now, or {@code null}
     * @param forcedUntil when that forced state ends, or {@code null}
     * @param rampFrom when an operator's slow start began, or {@code null}
     * @param rampUntil when it reaches the full share, or {@code null}
     */
    public record Effective(Instant drainedAt, Integer weight, Overlay.Forced forced, Instant forcedUntil,
            Instant rampFrom, Instant rampUntil) {
        public static final Effective NONE = new Effective(null, null, null, null, null, null);
    }
}
