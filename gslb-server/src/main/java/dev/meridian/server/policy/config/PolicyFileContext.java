package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.policy.CidrOverrides;
import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.policy.Region;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The regions, endpoints and overrides of one policy file, for the factories that refer to them by name, and the
 * endpoint index the load gives slots from.
 *
 * @param endpoints each region's endpoints, by region name, in file order
 */
record PolicyFileContext(Map<String, Region> regions, Map<String, List<Endpoint>> endpoints,
        Map<Region, RegionPlaces> places, CidrOverrides overrides, EndpointIndex index) {

    /** The countries and continents a region says it serves: a geofence's map when it gives none of its own. */
    record RegionPlaces(List<String> countries, List<String> continents) {
    }

    Region region(YamlNode name) throws ConfigException {
        Region region = regions.get(name.text());
        if (region == null) {
            throw name.error("unknown region '" + name.text() + "'; regions are " + regions.keySet());
        }
        return region;
    }

    List<Region> regionList(YamlNode list) throws ConfigException {
        List<Region> out = new ArrayList<>();
        for (YamlNode name : list.elements()) {
            out.add(region(name));
        }
        if (out.isEmpty()) {
            throw list.error("expected a list of region names");
        }
        return out;
    }
}
