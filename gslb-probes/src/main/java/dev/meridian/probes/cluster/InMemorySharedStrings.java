package dev.meridian.probes.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** {@link SharedStrings} for a node without a cluster: this process only. */
public final class InMemorySharedStrings implements SharedStrings {
    private final Map<String, String> map = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> entries() {
        return Map.copyOf(map);
    }

    @Override
    public String update(String key, UnaryOperator<String> change, Instant changedAt) {
        String next = map.compute(Objects.requireNonNull(key, "key"), (k, old) -> change.apply(old));
        listeners.forEach(Runnable::run);
        return next;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
