package dev.meridian.probes.health;

import dev.meridian.probes.observe.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link HealthView} backed by the {@link HealthAggregator}'s quorum of vantage votes. Every read is one volatile
 * load of the current {@link HealthSnapshot}: no locks, no I/O, no Hazelcast, safe on the DNS query path.
 */
public final class QuorumHealthView implements HealthView {
    private final AtomicReference<HealthSnapshot> current;
    private final Clock clock;

    QuorumHealthView(AtomicReference<HealthSnapshot> current, Clock clock) {
        this.current = Objects.requireNonNull(current, "current");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public EndpointHealth health(String endpointId) {
        return current.get().health(endpointId);
    }

    /** The whole current snapshot, to read several endpoints consistently or to show its version. */
    public HealthSnapshot snapshot() {
        return current.get();
    }

    /** The current snapshot's version. */
    public long version() {
        return current.get().version();
    }

    /**
     * For answer TTLs. An up endpoint is bounded only while a change is under way (some fresh vantage is failing
     * checks, or the votes already say down and a hold time runs): a healthy, quiet endpoint keeps the full TTL. A
     * down endpoint that is still answered (failing open) is bounded by how soon it could come back. A stale
     * endpoint is bounded only by what its stale rule will do: missing votes foresee no change.
     */
    @Override
    public Duration nextChangeBound(String endpointId) {
        HealthSnapshot snapshot = current.get();
        HealthSnapshot.EndpointState state = snapshot.endpoints().get(endpointId);
        if (state == null || (!state.health().stale() && state.health().isUp() && state.failingVantages() == 0
                && state.verdict() == HealthStatus.UP)) {
            return UNBOUNDED;
        }
        return snapshot.nextChangeBound(endpointId, clock.instant());
    }

    /** See {@link HealthSnapshot#nextChangeBound(String, Instant)}. */
    public Duration nextChangeBound(String endpointId, Instant now) {
        return current.get().nextChangeBound(endpointId, now);
    }
}
