package dev.meridian.server.policy;

import dev.meridian.server.request.QueryContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Priority order: the first tier that still has candidates wins. Tiers are given as endpoint ids or region names
 * ({@code priority}); without them the incoming order decides (configuration order, or a geofence's order before
 * this step), with one tier per region.
 */
public final class FailoverPolicy implements RoutingPolicy {
    public static final String NAME = "failover";

    /** Tier of each listed endpoint id or region name; unlisted ones come after every listed tier. */
    private final Map<String, Integer> tiers;

    public FailoverPolicy(List<String> priority) {
        Map<String, Integer> map = new java.util.HashMap<>();
        for (int i = 0; i < priority.size(); i++) {
            map.putIfAbsent(priority.get(i), i);
        }
        this.tiers = Map.copyOf(map);
    }

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public Selection apply(List<Target> candidates, QueryContext context) {
        return Selection.of(choose(candidates));
    }

    private List<Target> choose(List<Target> candidates) {
        if (candidates.isEmpty()) {
            return candidates;
        }
        if (tiers.isEmpty()) {
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
        Integer byEndpoint = tiers.get(t.endpoint().id());
        if (byEndpoint != null) {
            return byEndpoint;
        }
        return tiers.getOrDefault(t.region().name(), Integer.MAX_VALUE);
    }
}
