package dev.meridian.server.policy.config;

import dev.meridian.server.config.ConfigException;
import dev.meridian.server.config.YamlNode;
import dev.meridian.server.policy.ConsistentHashPolicy;
import dev.meridian.server.policy.FailoverPolicy;
import dev.meridian.server.policy.GeoProximityPolicy;
import dev.meridian.server.policy.GeofencePolicy;
import dev.meridian.server.policy.HealthFilter;
import dev.meridian.server.policy.LatencyPolicy;
import dev.meridian.server.policy.MultivaluePolicy;
import dev.meridian.server.policy.Region;
import dev.meridian.server.policy.RoutingPolicy;
import dev.meridian.server.policy.WeightedPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every kind of chain step, by the name policy files use for it. Adding a policy means one line here. */
final class PolicyRegistry {
    private static final Map<String, PolicyFactory> FACTORIES = Map.of(
            HealthFilter.NAME, (params, file) -> HealthFilter.INSTANCE,
            GeofencePolicy.NAME, PolicyRegistry::geofence,
            GeoProximityPolicy.NAME, (params, file) -> new GeoProximityPolicy(
                    (int) params.onlyKeys(Set.of("regions")).get("regions").integer(1, 1000, 1), file.overrides()),
            FailoverPolicy.NAME, PolicyRegistry::failover,
            WeightedPolicy.NAME, (params, file) -> WeightedPolicy.INSTANCE,
            ConsistentHashPolicy.NAME, (params, file) -> new ConsistentHashPolicy(
                    (int) params.onlyKeys(Set.of("ipv4-prefix", "ipv6-prefix")).get("ipv4-prefix").integer(0, 32, 24),
                    (int) params.get("ipv6-prefix").integer(0, 64, 48)),
            MultivaluePolicy.NAME, (params, file) -> new MultivaluePolicy(
                    (int) params.onlyKeys(Set.of("count")).get("count").integer(1, 64, 8)),
            LatencyPolicy.NAME, (params, file) -> new LatencyPolicy(
                    (int) params.onlyKeys(Set.of("ipv4-prefix", "ipv6-prefix")).get("ipv4-prefix").integer(0, 32, 24),
                    (int) params.get("ipv6-prefix").integer(0, 128, 48), file.overrides()));

    private PolicyRegistry() {
    }

    static RoutingPolicy create(YamlNode kind, YamlNode params, PolicyFileContext file) throws ConfigException {
        PolicyFactory factory = FACTORIES.get(kind.text());
        if (factory == null) {
            throw kind.error("unknown policy '" + kind.text() + "'; known: " + new java.util.TreeSet<>(FACTORIES.keySet()));
        }
        return factory.create(params, file);
    }

    private static RoutingPolicy failover(YamlNode params, PolicyFileContext file) throws ConfigException {
        List<String> priority = new ArrayList<>();
        for (YamlNode entry : params.onlyKeys(Set.of("priority")).get("priority").elements()) {
            String id = entry.text();
            String region = id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
            if (!file.regions().containsKey(region)) {
                throw entry.error("unknown region '" + region + "'; regions are " + file.regions().keySet());
            }
            priority.add(id);
        }
        return new FailoverPolicy(priority);
    }

    private static RoutingPolicy geofence(YamlNode params, PolicyFileContext file) throws ConfigException {
        params.onlyKeys(Set.of("subdivisions", "countries", "continents", "default"));
        Map<String, List<Region>> countries = new HashMap<>();
        Map<String, List<Region>> continents = new HashMap<>();
        // Regions that list the places they serve make the map when the step gives none of its own.
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
                ? file.regions().values().stream().sorted(java.util.Comparator.comparingInt(Region::order)).toList()
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
