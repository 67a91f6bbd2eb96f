package dev.meridian.probes.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One DNS node's whole check plan, as it publishes it: the targets from its own policy files, under its own key, so
 * nodes with different files do not overwrite each other.
 *
 * @param node the publishing node, for logs (its cluster address)
 * @param version when the node published this plan, in milliseconds since the epoch; it grows with every change
 *        of that node's plan, and a newer plan wins where two nodes check one endpoint differently
 * @param targets the node's targets by endpoint key
 * @param votes where the node takes agents' votes ({@code host:port}), or {@code null} if it takes none
 */
public record NodePlan(String node, long version, Map<String, CheckTarget> targets, String votes)
        implements Serializable {
    /** Which plan wins an endpoint that several plans define differently: the newest, then the first node by name. */
    private static final Comparator<NodePlan> PRECEDENCE = Comparator.comparingLong(NodePlan::version).reversed()
            .thenComparing(NodePlan::node);

    public NodePlan {
        Objects.requireNonNull(node, "node");
        targets = Map.copyOf(targets);
    }

    /** A plan of a node that takes no votes over the network. */
    public NodePlan(String node, long version, Map<String, CheckTarget> targets) {
        this(node, version, targets, null);
    }

    /**
     * What agents check: every endpoint of every plan. Where plans define an endpoint differently, the newest plan's
     * definition wins (then the first node by name), the same on every agent.
     */
    public static Union union(Collection<NodePlan> plans) {
        List<NodePlan> ordered = new ArrayList<>(plans);
        ordered.sort(PRECEDENCE);
        Map<String, CheckTarget> targets = new HashMap<>();
        Map<String, List<NodePlan>> definers = new HashMap<>();
        for (NodePlan plan : ordered) {
            plan.targets().forEach((key, target) -> {
                targets.putIfAbsent(key, target);
                definers.computeIfAbsent(key, k -> new ArrayList<>()).add(plan);
            });
        }
        Set<String> votes = new HashSet<>();
        plans.forEach(p -> {
            if (p.votes() != null) {
                votes.add(p.votes());
            }
        });
        Map<String, List<String>> conflicts = new LinkedHashMap<>();
        definers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            CheckTarget chosen = targets.get(e.getKey());
            if (e.getValue().stream().anyMatch(p -> !p.targets().get(e.getKey()).equals(chosen))) {
                conflicts.put(e.getKey(), e.getValue().stream().map(NodePlan::node).toList());
            }
        });
        return new Union(targets, conflicts, votes);
    }

    /**
     * The plan agents follow.
     *
     * @param targets every endpoint to check, by key
     * @param conflicts endpoints that plans define differently, each with the nodes defining it, the one followed
     *        first
     * @param votes every node's vote address: agents send their votes to each
     */
    public record Union(Map<String, CheckTarget> targets, Map<String, List<String>> conflicts, Set<String> votes) {
        public Union {
            targets = Map.copyOf(targets);
            conflicts = Map.copyOf(conflicts);
            votes = Set.copyOf(votes);
        }
    }
}
