package dev.meridian.probes.health;

import dev.meridian.probes.observe.HealthStatus;
import java.time.Instant;
import java.util.List;

/**
 * One change of an endpoint's health, reported once the snapshot version it belongs to is known.
 *
 * @param down the vantages that saw it down, {@code up} those that saw it up
 */
record Transition(String key, HealthStatus from, HealthStatus to, Kind kind, Instant at, List<String> down,
        List<String> up, String reason) {

    /** What a transition is about: fresh votes changing the status, or the votes going and coming back. */
    enum Kind { VOTES, STALE, EXPIRED, FRESH }

    /** Whether the new state rests on no fresh votes. */
    boolean stale() {
        return kind == Kind.STALE || kind == Kind.EXPIRED;
    }
}
