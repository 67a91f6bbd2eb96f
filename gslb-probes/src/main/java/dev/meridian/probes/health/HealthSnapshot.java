package dev.meridian.probes.health;

import dev.meridian.probes.observe.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable state of the health view, as the aggregator published it. The query path reads it through an
 * {@code AtomicReference} and never waits for anything.
 *
 * @param version increases by one with every published change of an endpoint's health (status, since, staleness,
 *        or an endpoint appearing or disappearing); vote counts and change bounds may be refreshed under the same
 *        version. Counted per node (continued from the state file across restarts), not across the fleet.
 * @param builtAt when the snapshot was built
 * @param endpoints every endpoint the aggregator has a verdict for, by endpoint key
 * @param unknown how many endpoints of the check plan have no verdict yet (never observed, nothing restored); they
 *        are {@link EndpointHealth#ASSUMED_UP}
 */
public record HealthSnapshot(long version, Instant builtAt, Map<String, EndpointState> endpoints, int unknown) {
    /** Before any observation: every endpoint is {@link EndpointHealth#ASSUMED_UP}. */
    public static final HealthSnapshot EMPTY = new HealthSnapshot(0, Instant.EPOCH, Map.of(), 0);

    public HealthSnapshot {
        Objects.requireNonNull(builtAt, "builtAt");
        endpoints = Map.copyOf(endpoints);
        if (unknown < 0) {
            throw new IllegalArgumentException("unknown must not be negative, was " + unknown);
        }
    }

    /** A snapshot without unknown endpoints. */
    public HealthSnapshot(long version, Instant builtAt, Map<String, EndpointState> endpoints) {
        this(version, builtAt, endpoints, 0);
    }

    /** The endpoint's health; endpoints without a verdict are {@link EndpointHealth#ASSUMED_UP}. */
    public EndpointHealth health(String endpointKey) {
        EndpointState state = endpoints.get(endpointKey);
        return state == null ? EndpointHealth.ASSUMED_UP : state.health();
    }

    /**
     * The least time from {@code now} before the endpoint's status may change, never negative; {@code null}-free:
     * an endpoint without a verdict gives {@link EndpointState#UNBOUNDED}. Meant to cap answer TTLs.
     */
    public Duration nextChangeBound(String endpointKey, Instant now) {
        EndpointState state = endpoints.get(endpointKey);
        if (state == null || state.earliestChange().equals(Instant.MAX)) {
            return EndpointState.UNBOUNDED;
        }
        Duration left = Duration.between(now, state.earliestChange());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** {@link #nextChangeBound(String, Instant)} as of {@link #builtAt()}. */
    public Duration nextChangeBound(String endpointKey) {
        return nextChangeBound(endpointKey, builtAt);
    }

    /** How many endpoints are held on old information (no fresh votes). */
    public long staleCount() {
        return endpoints.values().stream().filter(s -> s.health().stale()).count();
    }

    /** How many of the stale endpoints have been stale for longer than the maximum staleness. */
    public long expiredCount() {
        return endpoints.values().stream().filter(EndpointState::expired).count();
    }

    /**
     * Cold: nothing is known, neither from observations nor from a state file, about endpoints that are checked;
     * every one of them is assumed up.
     */
    public boolean isCold() {
        return endpoints.isEmpty() && unknown > 0;
    }

    /** Whether every verdict rests on old information: the node hears no vantage at all. */
    public boolean isAllStale() {
        return !endpoints.isEmpty() && staleCount() == endpoints.size();
    }

    /**
     * What the aggregator knows about one endpoint.
     *
     * @param health the published health
     * @param verdict what the fresh votes say right now, or {@code null} without enough fresh votes; differs from
     *        {@code health.status()} while a failback delay or hold time runs
     * @param freshUp fresh vantages seeing it up
     * @param freshDown fresh vantages seeing it down
     * @param failingVantages fresh vantages that still see it up but whose latest checks failed
     * @param earliestChange the earliest instant its status may change ({@link Instant#MAX}: not foreseeable)
     * @param expired whether it has been stale for longer than the maximum staleness (its stale rule applies)
     */
    public record EndpointState(EndpointHealth health, HealthStatus verdict, int freshUp, int freshDown,
            int failingVantages, Instant earliestChange, boolean expired) {
        /** A bound that is no bound. */
        public static final Duration UNBOUNDED = HealthView.UNBOUNDED;

        public EndpointState {
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(earliestChange, "earliestChange");
        }

        /** Whether two states differ in anything but the change bound. */
        boolean sameVerdictAs(EndpointState other) {
            return sameHealthAs(other) && verdict == other.verdict && freshUp == other.freshUp
                    && freshDown == other.freshDown && failingVantages == other.failingVantages;
        }

        /** Whether two states publish the same health: status, since, staleness and expiry. */
        boolean sameHealthAs(EndpointState other) {
            return other != null && health.equals(other.health) && expired == other.expired;
        }
    }
}
