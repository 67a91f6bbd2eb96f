package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.policy.LatencyPolicy;
import dev.meridian.server.policy.RoutingPolicy;

/** {@code latency: {ipv4-prefix: 24, ipv6-prefix: 48}}: the client networks latency is measured for. */
final class LatencyFactory implements PolicyFactory {
    @Override
    public String kind() {
        return LatencyPolicy.NAME;
    }

    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
        ClientPrefixes prefixes = ClientPrefixes.read(params, 128);
        return new LatencyPolicy(prefixes.ipv4(), prefixes.ipv6(), file.regions().values(), file.overrides());
    }
}
