package dev.meridian.server.testing;

import dev.meridian.probes.health.EndpointHealth;
import dev.meridian.probes.health.HealthView;
import java.time.Duration;

/** Health in which every endpoint is up but may change within a bound: answers' TTLs are cut to it. */
public final class ChangingHealth implements HealthView {
    private final Duration bound;

    public ChangingHealth(Duration bound) {
        this.bound = bound;
    }

    @Override
    public EndpointHealth health(String endpointId) {
        return EndpointHealth.ASSUMED_UP;
    }

    @Override
    public Duration nextChangeBound(String endpointId) {
        return bound;
    }
}
