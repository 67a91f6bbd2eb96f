package dev.meridian.server.policy.config;

import dev.meridian.server.config.ConfigException;
import dev.meridian.server.config.YamlNode;
import dev.meridian.server.policy.ConsistentHashPolicy;
import dev.meridian.server.policy.RoutingPolicy;
import java.util.Set;

/** {@code hash: {ipv4-prefix: 24, ipv6-prefix: 48}}: how much of the client address picks the endpoint. */
final class ConsistentHashFactory implements PolicyFactory {
    @Override
    public String kind() {
        return ConsistentHashPolicy.NAME;
    }

    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
        params.onlyKeys(Set.of("ipv4-prefix", "ipv6-prefix"));
        return new ConsistentHashPolicy((int) params.get("ipv4-prefix").integer(0, 32, 24),
                (int) params.get("ipv6-prefix").integer(0, 64, 48));
    }
}
