package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.policy.ConsistentHashPolicy;
import dev.meridian.server.policy.RoutingPolicy;

/** {@code hash: {ipv4-prefix: 24, ipv6-prefix: 48}}: how much of the client address picks the endpoint. */
final class ConsistentHashFactory implements PolicyFactory {
    @Override
    public String kind() {
        return ConsistentHashPolicy.NAME;
    }

    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
        // Hashing keys on at most 64 bits of an IPv6 address: the rest is the host part.
        ClientPrefixes prefixes = ClientPrefixes.read(params, 64);
        return new ConsistentHashPolicy(prefixes.ipv4(), prefixes.ipv6());
    }
}
