package dev.meridian.server.policy;

import dev.meridian.server.geo.GeoLocation;
import dev.meridian.server.request.QueryContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps where the client is to an ordered list of regions, most specific level first: subdivision, country,
 * continent, then the default. Candidates outside the list are dropped; the rest follow the list's order.
 */
public final class GeofencePolicy implements RoutingPolicy {
    public static final String NAME = "geofence";

    private final Map<String, List<Region>> subdivisions;
    private final Map<String, List<Region>> countries;
    private final Map<String, List<Region>> continents;
    private final List<Region> fallback;
    private final CidrOverrides overrides;

    public GeofencePolicy(Map<String, List<Region>> subdivisions, Map<String, List<Region>> countries,
            Map<String, List<Region>> continents, List<Region> fallback, CidrOverrides overrides) {
        this.subdivisions = Map.copyOf(subdivisions);
        this.countries = Map.copyOf(countries);
        this.continents = Map.copyOf(continents);
        this.fallback = List.copyOf(fallback);
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
    public boolean selects() {
        return false;
    }

    @Override
    public Selection apply(List<Target> candidates, QueryContext context) {
        NetworkTable.Match<List<Region>> override = overrides.regionsFor(context);
        if (override.value() != null) {
            return new Selection(Candidates.inRegionOrder(candidates, override.value()), override.decisivePrefix());
        }
        GeoLocation location = context.location();
        return new Selection(Candidates.inRegionOrder(candidates, regionsFor(location)),
                Math.max(override.decisivePrefix(), location.networkPrefix()));
    }

    List<Region> regionsFor(GeoLocation location) {
        List<Region> found = location.subdivision() == null ? null : subdivisions.get(location.subdivision());
        if (found == null && location.country() != null) {
            found = countries.get(location.country());
        }
        if (found == null && location.continent() != null) {
            found = continents.get(location.continent());
        }
        return found == null ? fallback : found;
    }
}
