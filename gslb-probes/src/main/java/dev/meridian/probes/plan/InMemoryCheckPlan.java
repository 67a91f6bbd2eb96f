package dev.meridian.probes.plan;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The in-memory twin of the cluster's check plan, for one DNS server: the union of one plan is that plan. Listeners
 * run synchronously on the publishing thread.
 */
public final class InMemoryCheckPlan implements CheckPlan {
    private final List<Consumer<Map<String, CheckTarget>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, CheckTarget> targets = Map.of();

    @Override
    public void publish(Collection<CheckTarget> newTargets) {
        Map<String, CheckTarget> next = CheckPlan.byEndpoint(newTargets);
        Map<String, CheckTarget> previous;
        synchronized (this) {
            previous = targets;
            targets = next;
        }
        if (!next.equals(previous)) {
            listeners.forEach(l -> l.accept(next));
        }
    }

    @Override
    public Subscription subscribe(Consumer<Map<String, CheckTarget>> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        listener.accept(targets);
        return () -> listeners.remove(listener);
    }
}
