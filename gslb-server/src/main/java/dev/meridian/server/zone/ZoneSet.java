package dev.meridian.server.zone;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.xbill.DNS.Name;

/** Every zone the server is authoritative for, found by longest suffix. Immutable once built. */
public final class ZoneSet {
    private final Map<Name, AuthoritativeZone> byOrigin;
    /** Label counts of the origins, deepest first, so a lookup only builds the candidate names that can match. */
    private final int[] originDepths;
    /** The files zone files included, so changes to them reload like changes to the zone files. */
    private final List<Path> includes;

    public ZoneSet(Collection<AuthoritativeZone> zones) {
        this(zones, List.of());
    }

    /** @param includes the files the zone files read with {@code $INCLUDE} */
    public ZoneSet(Collection<AuthoritativeZone> zones, List<Path> includes) {
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
        this.includes = List.copyOf(includes);
    }

    /** The files the zone files included, each once. */
    public List<Path> includes() {
        return includes;
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
