package dev.meridian.probes.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.ObservationStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The observation store as the cluster map {@value #MAP_NAME}, keyed {@code endpointKey|vantage}. Writes carry a
 * time to live, so a dead agent's entries expire on every member without anyone noticing the death. Listeners hear
 * about every entry in the cluster, not just the ones this member owns.
 */
public final class HazelcastObservationStore implements ObservationStore {
    public static final String MAP_NAME = "meridian.observations";
    private static final System.Logger LOG = System.getLogger(HazelcastObservationStore.class.getName());

    private final IMap<String, Observation> map;

    public HazelcastObservationStore(HazelcastInstance hazelcast) {
        this.map = Objects.requireNonNull(hazelcast, "hazelcast").getMap(MAP_NAME);
    }

    @Override
    public CompletionStage<Void> publish(Observation observation, Duration ttl) {
        Objects.requireNonNull(observation, "observation");
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        return map.putAsync(ObservationStore.keyOf(observation), observation, ttl.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(previous -> null);
    }

    @Override
    public CompletionStage<Void> remove(String endpointKey, String vantage) {
        return map.deleteAsync(ObservationStore.keyOf(endpointKey, vantage)).thenApply(removed -> null);
    }

    @Override
    public List<Observation> snapshot() {
        return List.copyOf(map.values());
    }

    @Override
    public Subscription subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
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
