package dev.meridian.server.policy;

import dev.meridian.server.request.QueryContext;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The nearest regions by great-circle distance from the client, each distance scaled by the region's bias as Route
 * 53 does ({@code distance * (1 - bias / 100)}). Keeps the candidates of the nearest {@code regions} regions. A client
 * with no known position keeps the configured order; an operator override gives the order outright.
 */
public final class GeoProximityPolicy implements RoutingPolicy {
    public static final String NAME = "geoproximity";

    private final int regions;
    private final Placement placement;

    /**
     * @param regions how many of the nearest regions to keep (1: only the nearest)
     * @param all every region of the policy file, the ones sorted by distance
     */
    public GeoProximityPolicy(int regions, Collection<Region> all, CidrOverrides overrides) {
        if (regions < 1) {
            throw new IllegalArgumentException("regions must be at least 1");
        }
        this.regions = regions;
        this.placement = nearest(all, overrides);
    }

    /** Nearest first: for this step and for latency routing without measurements, one map per file. */
    static Placement nearest(Collection<Region> all, CidrOverrides overrides) {
        return new Placement(new ProximityOrder(List.copyOf(all)), overrides);
    }

    @Override
    public boolean usesLocation() {
        return true;
    }

    @Override
    public Optional<Placement> placement() {
        return Optional.of(placement);
    }

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public Optional<String> refuse(List<Endpoint> endpoints) {
        return EndpointChecks.coordinates(NAME, endpoints);
    }

    @Override
    public Selection apply(List<Target> candidates, QueryContext context) {
        return nearestCandidates(candidates, context, placement, regions);
    }

    @Override
    public String reason(List<Target> in, Selection out, QueryContext context) {
        return placement.reason(context) + "; kept the nearest " + (regions == 1 ? "region" : regions + " regions")
                + " with candidates";
    }

    /**
     * The candidates of the {@code regions} nearest regions that have any, nearest first; for a client with no known
     * position, of the first {@code regions} regions in their order.
     */
    static Selection nearestCandidates(List<Target> candidates, QueryContext context, Placement nearest, int regions) {
        Placement.Placed placed = nearest.place(context);
        return new Selection(placed.regions() == null ? Candidates.firstRegions(candidates, regions)
                : Candidates.nearestRegions(candidates, placed.regions(), regions), placed.scope());
    }
}
