package dev.meridian.server.policy.config;

import dev.meridian.server.config.ConfigException;
import dev.meridian.server.config.YamlNode;
import dev.meridian.server.policy.RoutingPolicy;
import dev.meridian.server.policy.WeightedPolicy;

/** {@code weighted}: no parameters; the endpoints' weights are the policy. */
final class WeightedFactory implements PolicyFactory {
    @Override
    public String kind() {
        return WeightedPolicy.NAME;
    }

    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
        PolicyFactory.noParameters(params, kind());
        return WeightedPolicy.INSTANCE;
    }
}
