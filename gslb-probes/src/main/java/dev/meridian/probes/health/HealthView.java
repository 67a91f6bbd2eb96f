package dev.meridian.probes.health;

/**
 * The one place routing policies learn whether an endpoint may take traffic. Implementations answer from an
 * immutable snapshot: no locks, no I/O, safe on the DNS query path.
 */
public interface HealthView {
    /**
     * The health of an endpoint, by its id ({@code region/endpoint}); endpoints the view knows nothing about are
     * {@link EndpointHealth#ASSUMED_UP}.
     */
    EndpointHealth health(String endpointId);
}
