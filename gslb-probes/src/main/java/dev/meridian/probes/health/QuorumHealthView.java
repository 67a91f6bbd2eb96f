package dev.meridian.probes.health;

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

    QuorumHealthView(AtomicReference<HealthSnapshot> current) {
        this.current = Objects.requireNonNull(current, "current");
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
     * Bounded only while a change is under way: some fresh vantage is failing checks, or the votes already say
     * otherwise and a failback delay or hold time runs. A healthy, quiet endpoint keeps the full answer TTL.
     */
    @Override
    public Duration nextChangeBound(String endpointId) {
        HealthSnapshot snapshot = current.get();
        HealthSnapshot.EndpointState state = snapshot.endpoints().get(endpointId);
        if (state == null || (state.failingVantages() == 0 && state.verdict() == state.health().status())) {
            return UNBOUNDED;
        }
        return snapshot.nextChangeBound(endpointId, Instant.now());
    }

    /** See {@link HealthSnapshot#nextChangeBound(String, Instant)}. */
    public Duration nextChangeBound(String endpointId, Instant now) {
        return current.get().nextChangeBound(endpointId, now);
    }
}
