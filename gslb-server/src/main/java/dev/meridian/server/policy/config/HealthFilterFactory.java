package dev.meridian.server.policy.config;

import dev.meridian.server.config.ConfigException;
import dev.meridian.server.config.YamlNode;
import dev.meridian.server.policy.HealthFilter;
import dev.meridian.server.policy.RoutingPolicy;

/** {@code health}: no parameters. */
final class HealthFilterFactory implements PolicyFactory {
    @Override
    public String kind() {
        return HealthFilter.NAME;
    }

    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
        PolicyFactory.noParameters(params, kind());
        return HealthFilter.INSTANCE;
    }
}
