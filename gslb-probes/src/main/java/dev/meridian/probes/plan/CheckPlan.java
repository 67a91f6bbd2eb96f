package dev.meridian.probes.plan;

import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The check plan as the fleet shares it: DNS servers publish which endpoints to check and how, agents follow it.
 * Implementations: {@link InMemoryCheckPlan} and a Hazelcast replicated map in {@code dev.meridian.probes.cluster}.
 * Not for the DNS query path.
 */
public interface CheckPlan {
    /**
     * Replaces the plan with these targets: new and changed ones are written, ones no longer listed are removed.
     * Writers race last-writer-wins per endpoint. May block briefly on the network.
     *
     * @throws IllegalArgumentException when two targets share an endpoint key
     */
    void publish(Collection<CheckTarget> targets);

    /** The current plan by endpoint key, as an immutable copy. */
    Map<String, CheckTarget> targets();

    /**
     * Calls {@code listener} with the whole plan now and after every change (on the implementation's thread; it must
     * not block).
     */
    Subscription subscribe(Consumer<Map<String, CheckTarget>> listener);

    /** A registration to cancel. */
    interface Subscription extends AutoCloseable {
        /** Stops delivery; idempotent. */
        @Override
        void close();
    }

    /** The targets by endpoint key, refusing duplicates. */
    static Map<String, CheckTarget> byEndpoint(Collection<CheckTarget> targets) {
        Map<String, CheckTarget> byKey = new java.util.HashMap<>();
        for (CheckTarget target : targets) {
            if (byKey.put(target.endpointKey(), target) != null) {
                throw new IllegalArgumentException("endpoint '" + target.endpointKey() + "' appears twice in the plan");
            }
        }
        return Map.copyOf(byKey);
    }
}
