package dev.meridian.probes.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The in-memory twin of the cluster's observation map, for unit tests and single-node setups. Time to live follows
 * the injected clock: expired entries vanish from {@link #snapshot()} and are reported as {@link Kind#EXPIRED} when
 * {@link #expireDue()} runs (which {@code snapshot()} and {@code publish} also do), so tests decide when expiry
 * happens. Listeners run synchronously on the caller's thread, outside the store's lock.
 */
public final class InMemoryObservationStore implements ObservationStore {
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private record Entry(Observation observation, Instant expiresAt) {
    }

    public InMemoryObservationStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletionStage<Void> publish(Observation observation, Duration ttl) {
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        List<Change> changes = new ArrayList<>(expireDueLocked());
        synchronized (this) {
            Entry previous = entries.put(ObservationStore.keyOf(observation),
                    new Entry(observation, clock.instant().plus(ttl)));
            changes.add(new Change(previous == null ? Kind.ADDED : Kind.UPDATED, observation));
        }
        fire(changes);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> remove(String endpointKey, String vantage) {
        Objects.requireNonNull(endpointKey, "endpointKey");
        Objects.requireNonNull(vantage, "vantage");
        Entry removed;
        synchronized (this) {
            removed = entries.remove(ObservationStore.keyOf(endpointKey, vantage));
        }
        if (removed != null) {
            fire(List.of(new Change(Kind.REMOVED, removed.observation())));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public List<Observation> snapshot() {
        fire(expireDueLocked());
        synchronized (this) {
            return entries.values().stream().map(Entry::observation).toList();
        }
    }

    /** Drops the entries whose time to live has passed and reports each as {@link Kind#EXPIRED}. */
    public void expireDue() {
        fire(expireDueLocked());
    }

    @Override
    public Subscription subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private synchronized List<Change> expireDueLocked() {
        Instant now = clock.instant();
        List<Change> expired = new ArrayList<>();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            Entry entry = it.next();
            if (!now.isBefore(entry.expiresAt())) {
                it.remove();
                expired.add(new Change(Kind.EXPIRED, entry.observation()));
            }
        }
        return expired;
    }

    private void fire(List<Change> changes) {
        for (Change change : changes) {
            for (Listener listener : listeners) {
                listener.onChange(change);
            }
        }
    }
}
