package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.policy.GeoProximityPolicy;
import dev.meridian.server.policy.RoutingPolicy;
import java.util.Set;

/** {@code geoproximity: {regions: N}}: how many of the nearest regions to keep (1). */
final class GeoProximityFactory implements PolicyFactory {
    @Override
    public String kind() {
        return GeoProximityPolicy.NAME;
    }

    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
        int regions = (int) params.onlyKeys(Set.of("regions")).get("regions").integer(1, 1000, 1);
        return new GeoProximityPolicy(regions, file.regions().values(), file.overrides());
    }
}
