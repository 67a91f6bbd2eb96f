package dev.meridian.server.policy;

import dev.meridian.server.geo.GeoLocation;
import dev.meridian.server.request.QueryContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * The nearest regions by great-circle distance from the client, each distance scaled by the region's bias as Route
 * 53 does ({@code distance * (1 - bias / 100)}). Keeps the candidates of the nearest {@code regions} regions. A client
 * with no known position keeps the configured order; an operator override gives the order outright.
 */
public final class GeoProximityPolicy implements RoutingPolicy {
    public static final String NAME = "geoproximity";
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private final int regions;
    private final CidrOverrides overrides;

    /** @param regions how many of the nearest regions to keep (1: only the nearest) */
    public GeoProximityPolicy(int regions, CidrOverrides overrides) {
        if (regions < 1) {
            throw new IllegalArgumentException("regions must be at least 1");
        }
        this.regions = regions;
        this.overrides = Objects.requireNonNull(overrides, "overrides");
    }

    @Override
    public boolean usesLocation() {
        return true;
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
        Selection nearest = byDistance(candidates, context, overrides);
        return new Selection(Candidates.firstRegions(nearest.targets(), regions), nearest.scope());
    }

    /** Candidates nearest first, for this step and for latency routing without measurements. */
    static Selection byDistance(List<Target> candidates, QueryContext context, CidrOverrides overrides) {
        NetworkTable.Match<List<Region>> override = overrides.regionsFor(context);
        if (override.value() != null) {
            return new Selection(Candidates.inRegionOrder(candidates, override.value()), override.decisivePrefix());
        }
        GeoLocation location = context.location();
        int scope = Math.max(override.decisivePrefix(), location.networkPrefix());
        if (!location.hasCoordinates()) {
            return new Selection(candidates, scope);
        }
        // Each distance once: the sort would otherwise compute two per comparison.
        int n = candidates.size();
        double[] distance = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            distance[i] = biasedDistance(location, candidates.get(i).region());
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> distance[i]));
        List<Target> sorted = new ArrayList<>(n);
        for (Integer i : order) {
            sorted.add(candidates.get(i));
        }
        return new Selection(sorted, scope);
    }

    static double biasedDistance(GeoLocation client, Region region) {
        return distanceKm(client.latitude(), client.longitude(), region.latitude(), region.longitude())
                * (1 - region.bias() / 100);
    }

    /** Haversine distance on a spherical earth: ample for choosing between regions. */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
