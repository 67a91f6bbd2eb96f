package dev.meridian.probes.health;

import dev.meridian.probes.observe.HealthStatus;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One change of an endpoint's health as the aggregator saw it: a status change (failover or failback), the view
 * going stale or fresh again while the status is held, or a stale endpoint passing the maximum staleness.
 *
 * @param version the health snapshot version that first carried the change
 * @param at when the new state began ({@link EndpointHealth#since()} for a status change, when the votes stopped
 *        being fresh for staleness, when the maximum staleness was reached for an expiry, evaluation time otherwise)
 * @param subject what changed: an endpoint key ({@code zone/region/endpoint}) or a region ({@code zone/region})
 * @param from the status before (an endpoint seen for the first time was assumed up)
 * @param to the status after
 * @param stale whether the new state rests on no fresh observations
 * @param downVantages the fresh vantages that saw it down, sorted
 * @param upVantages the fresh vantages that saw it up, sorted
 * @param reason a short human explanation
 */
public record FailoverEvent(long version, Instant at, String subject, HealthStatus from, HealthStatus to,
        boolean stale, List<String> downVantages, List<String> upVantages, String reason) implements Serializable {
    public FailoverEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        downVantages = List.copyOf(downVantages);
        upVantages = List.copyOf(upVantages);
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether the status changed (rather than only its freshness). */
    public boolean isStatusChange() {
        return from != to;
    }
}
