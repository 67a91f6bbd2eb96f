package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.policy.RoutingPolicy;

/** Builds one kind of chain step from its parameters in a policy file, and checks them. One class per kind. */
interface PolicyFactory {
    /** The name policy files use for this kind of step. */
    String kind();

    /**
     * @param params the step's parameters (missing when the step is written as a bare name)
     * @param file what the rest of the file declared: regions, overrides
     */
    RoutingPolicy create(YamlNode params, PolicyFileContext file) throws ConfigException;
}
