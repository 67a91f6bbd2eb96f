package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.policy.MultivaluePolicy;
import dev.meridian.server.policy.RoutingPolicy;
import java.util.Set;

/** {@code multivalue: {count: 8}}: how many healthy endpoints to answer with. */
final class MultivalueFactory implements PolicyFactory {
    @Override
    public String kind() {
        return MultivaluePolicy.NAME;
    }

    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
        return new MultivaluePolicy((int) params.onlyKeys(Set.of("count")).get("count").integer(1, 64, 8));
    }
}
