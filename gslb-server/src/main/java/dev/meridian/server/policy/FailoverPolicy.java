package dev.meridian.server.policy;

import dev.meridian.server.request.QueryContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.List;

/**
 * Priority order: the first tier that still has candidates wins. Tiers are given as endpoint ids or region names
 * ({@code priority}); without them the incoming order decides (configuration order, or a geofence's order before
 * this step), with one tier per region.
 */
public final class FailoverPolicy implements RoutingPolicy {
    public static final String NAME = "failover";

    /**
     * Tier of each endpoint, by its index; endpoints not listed (or beyond the array) come after every listed tier.
     * Resolved from the configured ids and region names at load, so ordering candidates reads an array slot.
     */
    private final int[] tierByIndex;

    /**
     * @param priority the tiers in order, each the endpoints one {@code priority} entry names (a region's endpoints or
     *     one endpoint); an endpoint named twice keeps its first tier; empty for the incoming order
     */
    public FailoverPolicy(List<List<Endpoint>> priority) {
        int size = priority.stream().flatMap(List::stream).mapToInt(e -> e.index() + 1).max().orElse(0);
        int[] tiers = new int[size];
        Arrays.fill(tiers, Integer.MAX_VALUE);
        for (int tier = priority.size() - 1; tier >= 0; tier--) {
            for (Endpoint e : priority.get(tier)) {
                tiers[e.index()] = tier;
            }
        }
        this.tierByIndex = tiers;
    }

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public Selection apply(List<Target> candidates, QueryContext context) {
        return Selection.of(choose(candidates));
    }

    @Override
    public String reason(List<Target> in, Selection out, QueryContext context) {
        if (out.targets().isEmpty()) {
            return "no candidates";
        }
        return tierByIndex.length == 0 ? "the first region in the order the candidates came"
                : "the first tier of the priority list that has candidates: tier " + (tier(out.targets().get(0)) + 1);
    }

    private List<Target> choose(List<Target> candidates) {
        if (candidates.isEmpty()) {
            return candidates;
        }
        if (tierByIndex.length == 0) {
            return Candidates.firstRegions(candidates, 1);
        }
        List<Target> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingInt(this::tier));
        int first = tier(ordered.get(0));
        List<Target> kept = new ArrayList<>(2);
        for (Target t : ordered) {
            if (tier(t) == first) {
                kept.add(t);
            }
        }
        return kept;
    }

    private int tier(Target t) {
        int index = t.endpoint().index();
        return index < tierByIndex.length ? tierByIndex[index] : Integer.MAX_VALUE;
    }
}
