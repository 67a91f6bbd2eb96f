package dev.meridian.probes.plan;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The check plan as the fleet shares it: each DNS server publishes which endpoints its own policy files check and
 * how, and agents follow the union of the plans of the servers that are up ({@link NodePlan#union}), so servers with
 * different policy files do not overwrite each other. Implementations: {@link InMemoryCheckPlan} (one server) and
 * a Hazelcast replicated map in {@code dev.meridian.probes.cluster}. Not for the DNS query path.
 */
public interface CheckPlan {
    /**
     * Replaces this server's plan with these targets; other servers' plans are untouched. An endpoint no server
     * lists any more is no longer checked. May block briefly on the network.
     *
     * @throws IllegalArgumentException when two targets share an endpoint key
     */
    void publish(Collection<CheckTarget> targets);

    /**
     * Calls {@code listener} with the union of the plans by endpoint key, now or as soon as it is known, and after
     * every change (on the implementation's thread; it must not block).
     */
    Subscription subscribe(Consumer<Map<String, CheckTarget>> listener);

    /**
     * Calls {@code listener} with the vote addresses ({@code host:port}) of the nodes whose plans are known, now or
     * as soon as they are known, and after every change. A plan kept in this process has none: its node's own agent
     * hands votes over directly.
     */
    default Subscription subscribeVoteAddresses(Consumer<Set<String>> listener) {
        listener.accept(Set.of());
        return () -> { };
    }

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
