package dev.meridian.probes.health;

/**
 * The one place routing policies learn whether an endpoint may take traffic. Implementations answer from an
 * immutable snapshot: no locks, no I/O, safe on the DNS query path.
 */
public interface HealthView {
    /** A bound that is no bound: nothing foresees a change. */
    java.time.Duration UNBOUNDED = java.time.Duration.ofSeconds(Long.MAX_VALUE);

    /**
     * The health of an endpoint, by its id ({@code region/endpoint}); endpoints the view knows nothing about are
     * {@link EndpointHealth#ASSUMED_UP}.
     */
    EndpointHealth health(String endpointId);

    /**
     * The least time before the endpoint's status may change (an endpoint already failing some checks may go down
     * within its remaining fall threshold); answers naming it should not be cached longer. Unbounded by default.
     */
    default java.time.Duration nextChangeBound(String endpointId) {
        return UNBOUNDED;
    }
}
