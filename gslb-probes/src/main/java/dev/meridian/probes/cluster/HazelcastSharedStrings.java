package dev.meridian.probes.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.map.MapEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * {@link SharedStrings} over an {@link IMap}: changes are compare-and-set loops on one key, so two nodes changing
 * the same key at once both land, one after the other. Each stored value carries the time its writer gave
 * ({@link StampedValue}), which {@link LaterChangeMergePolicy} compares when the map merges after a split
 * (configured in {@link ClusterNode}).
 */
final class HazelcastSharedStrings implements SharedStrings {
    private final IMap<String, String> map;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    HazelcastSharedStrings(HazelcastInstance hazelcast, String name) {
        this.map = hazelcast.getMap(name);
        map.addEntryListener(new Listener(), false);
    }

    @Override
    public Map<String, String> entries() {
        Map<String, String> values = new HashMap<>();
        map.forEach((key, stored) -> values.put(key, StampedValue.parse(stored).value()));
        return values;
    }

    @Override
    public String update(String key, UnaryOperator<String> change, Instant changedAt) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(changedAt, "changedAt");
        while (true) {
            String old = map.get(key);
            String oldValue = old == null ? null : StampedValue.parse(old).value();
            String next = change.apply(oldValue);
            if (Objects.equals(next, oldValue)) {
                // Nothing changes, and the value keeps the time it was made.
                return next;
            }
            if (old == null) {
                if (map.putIfAbsent(key, StampedValue.of(changedAt, next)) == null) {
                    return next;
                }
            } else if (next == null) {
                if (map.remove(key, old)) {
                    return null;
                }
            } else if (map.replace(key, old, StampedValue.of(changedAt, next))) {
                return next;
            }
        }
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String>, MapClearedListener {
        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            listeners.forEach(Runnable::run);
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            listeners.forEach(Runnable::run);
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            listeners.forEach(Runnable::run);
        }

        @Override
        public void mapCleared(MapEvent event) {
            listeners.forEach(Runnable::run);
        }
    }
}
