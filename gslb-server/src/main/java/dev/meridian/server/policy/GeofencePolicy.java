package dev.meridian.server.policy;

import dev.meridian.server.request.QueryContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps where the client is to an ordered list of regions, most specific level first: subdivision, country,
 * continent, then the default. Candidates outside the list are dropped; the rest follow the list's order.
 */
public final class GeofencePolicy implements RoutingPolicy {
    public static final String NAME = "geofence";

    private final Placement placement;

    public GeofencePolicy(Map<String, List<Region>> subdivisions, Map<String, List<Region>> countries,
            Map<String, List<Region>> continents, List<Region> fallback, CidrOverrides overrides) {
        this.placement = new Placement(new GeofenceOrder(subdivisions, countries, continents, fallback), overrides);
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
    public boolean selects() {
        return false;
    }

    @Override
    public String reason(List<Target> in, Selection out, QueryContext context) {
        return placement.reason(context) + "; candidates outside these regions dropped";
    }

    @Override
    public Selection apply(List<Target> candidates, QueryContext context) {
        Placement.Placed placed = placement.place(context);
        return new Selection(Candidates.inRegionOrder(candidates, placed.regions()), placed.scope());
    }
}
