package dev.meridian.server.health;

import dev.meridian.probes.health.EndpointHealth;
import dev.meridian.probes.health.HealthView;
import java.time.Duration;

/**
 * The health the policies read: a state the configuration forces ({@code down: true}) wins over what the vantages
 * observe, and is shown as forced beside it.
 */
final class ServingHealthView implements HealthView {
    private final HealthView configured;
    private final HealthView observed;

    ServingHealthView(HealthView configured, HealthView observed) {
        this.configured = configured;
        this.observed = observed;
    }

    @Override
    public EndpointHealth health(String endpointId) {
        EndpointHealth forced = configured.health(endpointId);
        return forced.forced() ? forced : observed.health(endpointId);
    }

    @Override
    public Duration nextChangeBound(String endpointId) {
        return configured.health(endpointId).forced() ? UNBOUNDED : observed.nextChangeBound(endpointId);
    }
}
