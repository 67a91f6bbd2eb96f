package dev.meridian.probes.observe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Where agents publish their observations and where the health aggregator reads them: one entry per
 * endpoint × vantage, written only by that vantage's agent, with a time to live so that a dead agent's verdicts
 * disappear by themselves.
 *
 * <p>Implementations: {@link InMemoryObservationStore} for unit tests and single-node setups, and a Hazelcast map in
 * {@code dev.meridian.probes.cluster}. None of these methods may be called on the DNS query path.
 */
public interface ObservationStore {

    /** The store key of an observation: {@code endpointKey + "|" + vantage}. */
    static String keyOf(String endpointKey, String vantage) {
        return endpointKey + "|" + vantage;
    }

    /** The store key of an observation: {@code endpointKey + "|" + vantage}. */
    static String keyOf(Observation observation) {
        return keyOf(observation.endpointKey(), observation.vantage());
    }

    /**
     * Writes (or replaces) the observation under its key; it expires after {@code ttl} unless written again.
     *
     * @return completes when the store has accepted the write; never blocks the caller
     */
    CompletionStage<Void> publish(Observation observation, Duration ttl);

    /** Removes the observation of one vantage on one endpoint, for an agent that stops checking it. */
    CompletionStage<Void> remove(String endpointKey, String vantage);

    /**
     * Every observation currently held (expired ones excluded), in no particular order. May block on the network:
     * call it from a worker thread, never from an event loop or the query path.
     */
    List<Observation> snapshot();

    /**
     * Registers a listener told about every addition, update, removal and expiry, from any writer. Listeners run on
     * the store's own threads and must not block.
     */
    Subscription subscribe(Listener listener);

    /** Receives the store's changes. */
    @FunctionalInterface
    interface Listener {
        void onChange(Change change);
    }

    /** A registration to cancel. */
    interface Subscription extends AutoCloseable {
        /** Stops delivery; idempotent. */
        @Override
        void close();
    }

    /** What happened to an entry. */
    enum Kind {
        ADDED,
        UPDATED,
        REMOVED,
        EXPIRED
    }

    /**
     * One change of the store.
     *
     * @param kind what happened
     * @param observation the new value for {@link Kind#ADDED} and {@link Kind#UPDATED}, the last value for
     *        {@link Kind#REMOVED} and {@link Kind#EXPIRED}
     */
    record Change(Kind kind, Observation observation) {
        public Change {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(observation, "observation");
        }

        /** Whether the observation is gone from the store. */
        public boolean isRemoval() {
            return kind == Kind.REMOVED || kind == Kind.EXPIRED;
        }
    }
}
