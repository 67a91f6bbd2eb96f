package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.policy.HealthFilter;
import dev.meridian.server.policy.RoutingPolicy;
import dev.meridian.server.policy.WeightedPolicy;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every kind of chain step, by the name policy files use for it. Adding a policy means one line here. */
final class PolicyRegistry {
    private static final Map<String, PolicyFactory> FACTORIES = List.of(
            new NoParameterFactory(HealthFilter.NAME, HealthFilter.INSTANCE),
            new GeofenceFactory(),
            new GeoProximityFactory(),
            new FailoverFactory(),
            new NoParameterFactory(WeightedPolicy.NAME, WeightedPolicy.INSTANCE),
            new ConsistentHashFactory(),
            new MultivalueFactory(),
            new LatencyFactory())
            .stream().collect(Collectors.toUnmodifiableMap(PolicyFactory::kind, Function.identity()));

    private PolicyRegistry() {
    }

    static RoutingPolicy create(YamlNode kind, YamlNode params, PolicyFileContext file) throws ConfigException {
        PolicyFactory factory = FACTORIES.get(kind.text());
        if (factory == null) {
            throw kind.error("unknown policy '" + kind.text() + "'; known: " + new TreeSet<>(FACTORIES.keySet()));
        }
        return factory.create(params, file);
    }
}
