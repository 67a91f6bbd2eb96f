package dev.meridian.server.policy;

import dev.meridian.server.geo.Cidr;
import dev.meridian.server.request.QueryContext;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * Operator overrides: client networks mapped to an ordered list of regions. They win over the GeoIP database in
 * every step that places the client (geofence, geoproximity, latency).
 */
public final class CidrOverrides {
    public static final CidrOverrides NONE = new CidrOverrides(Map.of());

    private final NetworkTable<List<Region>> table;

    public CidrOverrides(Map<Cidr, List<Region>> networks) {
        this.table = new NetworkTable<>(networks);
    }

    /**
     * The regions the operator chose for this client, in order ({@code null} when no override covers it), and the
     * prefix that decided it: the answer depends on it whether an override matched or not.
     */
    public NetworkTable.Match<List<Region>> regionsFor(QueryContext context) {
        return regionsFor(context.client());
    }

    NetworkTable.Match<List<Region>> regionsFor(InetAddress address) {
        return table.lookup(address);
    }
}
