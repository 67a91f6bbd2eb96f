package dev.meridian.probes.cluster;

import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.ObservationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The observation store as the cluster map {@value #MAP_NAME}, keyed {@code endpointKey|vantage}. Writes carry a
 * time to live, so a dead agent's entries expire on every member without anyone noticing the death. Listeners hear
 * about every entry in the cluster, not just the ones this member owns.
 *
 * <p>On a client that cannot reach the cluster, {@link #publish} drops the observation and counts it instead of
 * failing: the agent goes on checking, its last votes expire on the members by their time to live, and its next
 * observation after reconnecting is published as usual.
 */
public final class HazelcastObservationStore implements ObservationStore {
    public static final String MAP_NAME = "meridian.observations";
    private static final System.Logger LOG = System.getLogger(HazelcastObservationStore.class.getName());

    private final HazelcastInstance hazelcast;
    private final ClusterLink link;
    private final AtomicReference<Instant> lastPublished = new AtomicReference<>();
    private final LongAdder dropped = new LongAdder();

    HazelcastObservationStore(HazelcastInstance hazelcast, ClusterLink link) {
        this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
        this.link = Objects.requireNonNull(link, "link");
    }

    /** A client gets no proxy while it is offline, so the map is looked up on use (Hazelcast caches the proxy). */
    private IMap<String, Observation> map() {
        return hazelcast.getMap(MAP_NAME);
    }

    @Override
    public CompletionStage<Void> publish(Observation observation, Duration ttl) {
        Objects.requireNonNull(observation, "observation");
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        if (!link.connected()) {
            dropped.increment();
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<?> put;
        try {
            put = map().putAsync(ObservationStore.keyOf(observation), observation, ttl.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            put = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        put.whenComplete((previous, failure) -> {
            if (failure == null) {
                lastPublished.set(Instant.now());
                done.complete(null);
            } else if (lostConnection(failure)) {
                dropped.increment();
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        });
        return done;
    }

    /** Whether a write failed because the cluster went away while it was under way, rather than being refused. */
    private boolean lostConnection(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return !link.connected() || cause instanceof HazelcastClientOfflineException
                || cause instanceof TargetDisconnectedException;
    }

    /** When a write was last accepted, or {@code null} if none was. */
    Instant lastPublished() {
        return lastPublished.get();
    }

    /** Observations dropped because the cluster was not reachable. */
    long dropped() {
        return dropped.sum();
    }

    @Override
    public CompletionStage<Void> remove(String endpointKey, String vantage) {
        return map().deleteAsync(ObservationStore.keyOf(endpointKey, vantage)).thenApply(removed -> null);
    }

    @Override
    public List<Observation> snapshot() {
        return List.copyOf(map().values());
    }

    @Override
    public Subscription subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        IMap<String, Observation> map = map();
        UUID id = map.addEntryListener(new Bridge(listener), true);
        return () -> {
            try {
                map.removeEntryListener(id);
            } catch (HazelcastInstanceNotActiveException e) {
                // Already shut down: the registration is gone with it.
            }
        };
    }

    /** Turns Hazelcast entry events into store changes; one instance per subscription. */
    private record Bridge(Listener listener) implements EntryAddedListener<String, Observation>,
            EntryUpdatedListener<String, Observation>, EntryRemovedListener<String, Observation>,
            EntryExpiredListener<String, Observation> {

        @Override
        public void entryAdded(EntryEvent<String, Observation> event) {
            deliver(Kind.ADDED, event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Observation> event) {
            deliver(Kind.UPDATED, event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, Observation> event) {
            deliver(Kind.REMOVED, event.getOldValue());
        }

        @Override
        public void entryExpired(EntryEvent<String, Observation> event) {
            deliver(Kind.EXPIRED, event.getOldValue());
        }

        private void deliver(Kind kind, Observation observation) {
            if (observation == null) {
                return;
            }
            // A throwing listener must not cost the other events of this Hazelcast event thread.
            try {
                listener.onChange(new Change(kind, observation));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "observation listener failed on " + kind + " of "
                        + ObservationStore.keyOf(observation), e);
            }
        }
    }
}
