package dev.meridian.probes.health;

import dev.meridian.probes.observe.HealthStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Health fixed by configuration: the listed endpoints are down, every other one is up. */
public final class StaticHealthView implements HealthView {
    private final Map<String, EndpointHealth> down;

    public StaticHealthView(Set<String> downEndpointIds, Instant since) {
        EndpointHealth forcedDown = new EndpointHealth(HealthStatus.DOWN, true, since, false);
        Map<String, EndpointHealth> map = new java.util.HashMap<>();
        downEndpointIds.forEach(id -> map.put(id, forcedDown));
        this.down = Map.copyOf(map);
    }

    @Override
    public EndpointHealth health(String endpointId) {
        return down.getOrDefault(endpointId, EndpointHealth.ASSUMED_UP);
    }
}
