package dev.meridian.server.policy;

import dev.meridian.server.geo.GeoLocation;
import java.util.List;
import java.util.Map;

/**
 * A geofence's map from where the client is to its regions, most specific level first: subdivision, country,
 * continent, then the default.
 */
record GeofenceOrder(Map<String, List<Region>> subdivisions, Map<String, List<Region>> countries,
        Map<String, List<Region>> continents, List<Region> fallback) implements RegionOrder {

    GeofenceOrder {
        subdivisions = Map.copyOf(subdivisions);
        countries = Map.copyOf(countries);
        continents = Map.copyOf(continents);
        fallback = List.copyOf(fallback);
    }

    @Override
    public List<Region> regionsFor(GeoLocation location) {
        List<Region> found = location.subdivision() == null ? null : subdivisions.get(location.subdivision());
        if (found == null && location.country() != null) {
            found = countries.get(location.country());
        }
        if (found == null && location.continent() != null) {
            found = continents.get(location.continent());
        }
        return found == null ? fallback : found;
    }

    @Override
    public String reason(GeoLocation location) {
        if (location.subdivision() != null && subdivisions.containsKey(location.subdivision())) {
            return "subdivision " + location.subdivision() + " → " + RegionOrder.names(regionsFor(location));
        }
        if (location.country() != null && countries.containsKey(location.country())) {
            return "country " + location.country() + " → " + RegionOrder.names(regionsFor(location));
        }
        if (location.continent() != null && continents.containsKey(location.continent())) {
            return "continent " + location.continent() + " → " + RegionOrder.names(regionsFor(location));
        }
        return "no rule for this location: the default " + RegionOrder.names(fallback);
    }
}
