package dev.meridian.probes.health;

import dev.meridian.probes.observe.HealthStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * The health of one endpoint: a state, not a boolean.
 *
 * @param status whether it takes traffic
 * @param forced whether an operator or the configuration set it, rather than observation
 * @param since when it entered this status
 * @param stale whether the view rests on observations too old to trust (kept rather than guessed)
 */
public record EndpointHealth(HealthStatus status, boolean forced, Instant since, boolean stale) {
    /** What an endpoint nobody has reported on is: up, so that a missing health system never empties answers. */
    public static final EndpointHealth ASSUMED_UP = new EndpointHealth(HealthStatus.UP, false, Instant.EPOCH, false);

    public EndpointHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
    }

    public boolean isUp() {
        return status == HealthStatus.UP;
    }
}
