package dev.meridian.probes.cluster;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.meridian.probes.plan.CheckPlan;
import dev.meridian.probes.plan.CheckTarget;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The check plan as the replicated map {@value #MAP_NAME}: every member holds all of it and reads it locally, so a
 * partitioned member still knows what to check. Writers race last-writer-wins per endpoint.
 */
public final class HazelcastCheckPlan implements CheckPlan {
    public static final String MAP_NAME = "meridian.plan";
    private static final System.Logger LOG = System.getLogger(HazelcastCheckPlan.class.getName());

    private final ReplicatedMap<String, CheckTarget> map;

    public HazelcastCheckPlan(HazelcastInstance hazelcast) {
        this.map = Objects.requireNonNull(hazelcast, "hazelcast").getReplicatedMap(MAP_NAME);
    }

    @Override
    public void publish(Collection<CheckTarget> targets) {
        Map<String, CheckTarget> next = CheckPlan.byEndpoint(targets);
        for (String key : new HashSet<>(map.keySet())) {
            if (!next.containsKey(key)) {
                map.remove(key);
            }
        }
        // Unchanged entries are not rewritten, so republishing the same plan wakes no listener.
        next.forEach((key, target) -> {
            if (!target.equals(map.get(key))) {
                map.put(key, target);
            }
        });
    }

    @Override
    public Map<String, CheckTarget> targets() {
        return Map.copyOf(map);
    }

    @Override
    public Subscription subscribe(Consumer<Map<String, CheckTarget>> listener) {
        Objects.requireNonNull(listener, "listener");
        // Each subscription mirrors the plan from events, so listeners never read the map from an event thread.
        Map<String, CheckTarget> mirror = new ConcurrentHashMap<>();
        Object lock = new Object();
        UUID id = map.addEntryListener(new EntryAdapter<>() {
            @Override
            public void onEntryEvent(EntryEvent<String, CheckTarget> event) {
                synchronized (lock) {
                    switch (event.getEventType()) {
                        case ADDED, UPDATED, MERGED -> mirror.put(event.getKey(), event.getValue());
                        case REMOVED, EVICTED, EXPIRED -> mirror.remove(event.getKey());
                        default -> {
                            return;
                        }
                    }
                    deliver(listener, mirror);
                }
            }

            @Override
            public void onMapEvent(MapEvent event) {
                synchronized (lock) {
                    mirror.clear();
                    deliver(listener, mirror);
                }
            }
        });
        synchronized (lock) {
            map.forEach(mirror::putIfAbsent);
            deliver(listener, mirror);
        }
        return () -> {
            try {
                map.removeEntryListener(id);
            } catch (HazelcastInstanceNotActiveException e) {
                // Already shut down: the registration is gone with it.
            }
        };
    }

    private static void deliver(Consumer<Map<String, CheckTarget>> listener, Map<String, CheckTarget> mirror) {
        try {
            listener.accept(Map.copyOf(mirror));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "check plan listener failed", e);
        }
    }
}
