package dev.meridian.server.policy.config;

import dev.meridian.server.config.ConfigException;
import dev.meridian.server.config.YamlNode;
import dev.meridian.server.policy.LatencyPolicy;
import dev.meridian.server.policy.RoutingPolicy;
import java.util.Set;

/** {@code latency: {ipv4-prefix: 24, ipv6-prefix: 48}}: the client networks latency is measured for. */
final class LatencyFactory implements PolicyFactory {
    @Override
    public String kind() {
        return LatencyPolicy.NAME;
    }

    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
        params.onlyKeys(Set.of("ipv4-prefix", "ipv6-prefix"));
        return new LatencyPolicy((int) params.get("ipv4-prefix").integer(0, 32, 24),
                (int) params.get("ipv6-prefix").integer(0, 128, 48), file.overrides());
    }
}
