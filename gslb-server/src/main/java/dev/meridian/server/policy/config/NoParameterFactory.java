package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.policy.RoutingPolicy;

/**
 * A kind of step that takes no parameters ({@code health}, {@code weighted}): its one instance, and a clear error for
 * a parameter given anyway, so a misspelt one is not silently ignored.
 */
record NoParameterFactory(String kind, RoutingPolicy instance) implements PolicyFactory {
    @Override
    public RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException {
        if (!params.entries().isEmpty()) {
            throw params.error("'" + kind + "' takes no parameters");
        }
        return instance;
    }
}
