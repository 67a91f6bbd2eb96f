package dev.meridian.server.zone;

import dev.meridian.probes.health.HealthView;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.health.StaticHealthView;
import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.policy.GslbName;
import dev.meridian.server.policy.Target;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.xbill.DNS.Name;

/** Every zone the server is authoritative for, found by longest suffix. Immutable once built. */
public final class ZoneSet {
    private final Map<Name, AuthoritativeZone> byOrigin;
    /** Label counts of the origins, deepest first, so a lookup only builds the candidate names that can match. */
    private final int[] originDepths;
    private final HealthView configuredHealth;

    public ZoneSet(Collection<AuthoritativeZone> zones) {
        Map<Name, AuthoritativeZone> map = new HashMap<>();
        TreeSet<Integer> depths = new TreeSet<>();
        for (AuthoritativeZone zone : zones) {
            if (map.putIfAbsent(zone.origin(), zone) != null) {
                throw new IllegalArgumentException("zone " + zone.origin() + " is defined twice");
            }
            depths.add(zone.origin().labels());
        }
        this.byOrigin = Map.copyOf(map);
        this.originDepths = depths.descendingSet().stream().mapToInt(Integer::intValue).toArray();
        Set<String> down = new HashSet<>();
        for (AuthoritativeZone zone : zones) {
            for (GslbName name : zone.gslbNames()) {
                name.targets().stream().map(Target::endpoint).filter(Endpoint::down)
                        .forEach(e -> down.add(e.healthKey()));
            }
        }
        this.configuredHealth = new StaticHealthView(down, Instant.now());
    }

    /** What agents must check: every endpoint of every GSLB name that has a check, once. */
    public List<CheckTarget> checkPlan() {
        Map<String, CheckTarget> byKey = new java.util.LinkedHashMap<>();
        for (AuthoritativeZone zone : byOrigin.values()) {
            for (GslbName name : zone.gslbNames()) {
                for (Target t : name.targets()) {
                    if (t.endpoint().check() != null) {
                        byKey.putIfAbsent(t.endpoint().healthKey(), t.endpoint().check());
                    }
                }
            }
        }
        return List.copyOf(byKey.values());
    }

    /** Health as the policy files set it: endpoints marked {@code down: true} are down, the rest up. */
    public HealthView configuredHealth() {
        return configuredHealth;
    }

    /** The most specific zone containing the name, or {@code null} when the server is not authoritative for it. */
    public AuthoritativeZone zoneFor(Name qname) {
        int qlabels = qname.labels();
        for (int depth : originDepths) {
            if (depth > qlabels) {
                continue;
            }
            AuthoritativeZone zone = byOrigin.get(depth == qlabels ? qname : new Name(qname, qlabels - depth));
            if (zone != null) {
                return zone;
            }
        }
        return null;
    }

    public Collection<AuthoritativeZone> zones() {
        return byOrigin.values();
    }

    public int size() {
        return byOrigin.size();
    }
}
