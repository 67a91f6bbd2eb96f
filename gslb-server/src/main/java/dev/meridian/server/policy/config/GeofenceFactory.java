package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.policy.GeofencePolicy;
import dev.meridian.server.policy.Region;
import dev.meridian.server.policy.RoutingPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code geofence: {subdivisions: {...}, countries: {...}, continents: {...}, default: [...]}}: which regions may
 * serve which places; regions that list their own countries and continents make the map when the step gives none.
 */
final class GeofenceFactory implements PolicyFactory {
    @Override
    public String kind() {
        return GeofencePolicy.NAME;
    }

    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
        params.onlyKeys(Set.of("subdivisions", "countries", "continents", "default"));
        Map<String, List<Region>> countries = new HashMap<>();
        Map<String, List<Region>> continents = new HashMap<>();
        file.places().forEach((region, places) -> {
            places.countries().forEach(c -> countries.computeIfAbsent(c, k -> new ArrayList<>()).add(region));
            places.continents().forEach(c -> continents.computeIfAbsent(c, k -> new ArrayList<>()).add(region));
        });
        countries.putAll(places(params.get("countries"), file, "[A-Z]{2}", "an ISO 3166 country code such as US"));
        continents.putAll(places(params.get("continents"), file, "AF|AN|AS|EU|NA|OC|SA",
                "a continent code (AF, AN, AS, EU, NA, OC, SA)"));
        Map<String, List<Region>> subdivisions = places(params.get("subdivisions"), file, "[A-Z]{2}-[A-Z0-9]{1,3}",
                "an ISO 3166-2 code such as US-WA");
        YamlNode fallback = params.get("default");
        List<Region> defaults = fallback.isMissing()
                ? file.regions().values().stream().sorted(Comparator.comparingInt(Region::order)).toList()
                : file.regionList(fallback);
        return new GeofencePolicy(subdivisions, countries, continents, defaults, file.overrides());
    }

    private static Map<String, List<Region>> places(YamlNode map, PolicyFileContext file, String form, String expected)
            throws ConfigException {
        Map<String, List<Region>> out = new HashMap<>();
        for (Map.Entry<String, YamlNode> e : map.entries().entrySet()) {
            if (!e.getKey().matches(form)) {
                throw e.getValue().error("'" + e.getKey() + "' is not " + expected);
            }
            out.put(e.getKey(), file.regionList(e.getValue()));
        }
        return out;
    }
}
