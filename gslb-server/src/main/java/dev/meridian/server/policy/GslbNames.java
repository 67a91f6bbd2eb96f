package dev.meridian.server.policy;

import dev.meridian.probes.health.HealthView;
import dev.meridian.probes.health.StaticHealthView;
import dev.meridian.probes.plan.CheckTarget;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every GSLB name of a configuration, and what follows from them all together: the check plan agents follow, the
 * health the policy files force ({@code down: true}), and whether any step needs to know where clients are.
 */
public final class GslbNames {
    private final List<GslbName> names;
    private final List<CheckTarget> checkPlan;
    private final HealthView configuredHealth;
    private final boolean usesLocation;
    private final EndpointIndex index;
    private final List<Endpoint> endpoints;

    /** @param index the index the names' endpoints took their slots from */
    public GslbNames(List<GslbName> names, EndpointIndex index) {
        this.names = List.copyOf(names);
        this.index = Objects.requireNonNull(index, "index");
        Map<String, CheckTarget> byKey = new LinkedHashMap<>();
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        Set<String> down = new HashSet<>();
        boolean usesLocation = false;
        // Names of one policy file share their endpoint objects: each is looked at once, not once per name naming
        // it (an endpoint's equality compares all its fields, which 100 000 names made a cost).
        Set<Endpoint> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (GslbName name : this.names) {
            for (Target t : name.targets()) {
                Endpoint endpoint = t.endpoint();
                if (!seen.add(endpoint)) {
                    continue;
                }
                endpoints.add(endpoint);
                if (endpoint.check() != null) {
                    byKey.putIfAbsent(endpoint.healthKey(), endpoint.check());
                }
                if (endpoint.down()) {
                    down.add(endpoint.healthKey());
                }
            }
            for (RoutingPolicy step : name.chain().steps()) {
                usesLocation |= step.usesLocation();
            }
        }
        this.checkPlan = List.copyOf(byKey.values());
        this.endpoints = List.copyOf(endpoints);
        this.configuredHealth = new StaticHealthView(down, Instant.now());
        this.usesLocation = usesLocation;
    }

    /** Every GSLB name, of every zone. */
    public List<GslbName> all() {
        return names;
    }

    /** Every endpoint of every GSLB name, once. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** What agents must check: every endpoint of every GSLB name that has a check, once. */
    public List<CheckTarget> checkPlan() {
        return checkPlan;
    }

    /** Health as the policy files set it: endpoints marked {@code down: true} are down, the rest up. */
    public HealthView configuredHealth() {
        return configuredHealth;
    }

    /** The index the endpoints' slots come from: health tables are compiled for it. */
    public EndpointIndex index() {
        return index;
    }

    /** Every step's placement of clients, for the snapshot to merge against the geo database. */
    public List<Placement> placements() {
        return names.stream().flatMap(n -> n.chain().steps().stream()).map(RoutingPolicy::placement)
                .flatMap(java.util.Optional::stream).toList();
    }

    /** Whether some policy step places clients, so the geo database must be open. */
    public boolean usesLocation() {
        return usesLocation;
    }
}
