package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.policy.FailoverPolicy;
import dev.meridian.server.policy.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code failover: {priority: [region or region/endpoint, ...]}}: first healthy wins. */
final class FailoverFactory implements PolicyFactory {
    @Override
    public String kind() {
        return FailoverPolicy.NAME;
    }

    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
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
}
