package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.policy.FailoverPolicy;
import dev.meridian.server.policy.RoutingPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code failover: {priority: [region or region/endpoint, ...]}}: first healthy wins. Entries become tiers of
 * endpoints here, an endpoint's own entry before its region's, so the policy orders candidates by endpoint index.
 */
final class FailoverFactory implements PolicyFactory {
    @Override
    public String kind() {
        return FailoverPolicy.NAME;
    }

    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
        List<String> entries = new ArrayList<>();
        for (YamlNode entry : params.onlyKeys(Set.of("priority")).get("priority").elements()) {
            String id = entry.text();
            int slash = id.indexOf('/');
            String region = slash < 0 ? id : id.substring(0, slash);
            List<Endpoint> endpoints = file.endpoints().get(region);
            if (endpoints == null) {
                throw entry.error("unknown region '" + region + "'; regions are " + file.regions().keySet());
            }
            if (slash >= 0 && endpoints.stream().noneMatch(e -> e.id().equals(id))) {
                throw entry.error("unknown endpoint '" + id + "'; region '" + region + "' has "
                        + endpoints.stream().map(Endpoint::id).collect(Collectors.toList()));
            }
            entries.add(id);
        }
        Map<Integer, List<Endpoint>> tiers = new LinkedHashMap<>();
        for (List<Endpoint> region : file.endpoints().values()) {
            for (Endpoint e : region) {
                int tier = entries.indexOf(e.id());
                if (tier < 0) {
                    tier = entries.indexOf(e.region().name());
                }
                if (tier >= 0) {
                    tiers.computeIfAbsent(tier, t -> new ArrayList<>()).add(e);
                }
            }
        }
        List<List<Endpoint>> priority = new ArrayList<>();
        for (int tier = 0; tier < entries.size(); tier++) {
            priority.add(tiers.getOrDefault(tier, List.of()));
        }
        return new FailoverPolicy(priority);
    }
}
