package dev.meridian.server.policy;

import dev.meridian.probes.latency.ClientNetwork;
import dev.meridian.server.geo.GeoLocation;
import dev.meridian.server.geo.GeoLocator;
import dev.meridian.server.request.QueryContext;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where a step that places clients (geofence, geoproximity, latency without measurements) puts a client: the
 * ordered regions it prefers, after the operator's overrides, and the widest network around the client that gets
 * the same order — the ECS scope. The order is taken before health, so the scope stays true whatever is up.
 *
 * <p>At snapshot build {@link #compile} walks the geo database and the overrides once per address family for every
 * distinct order and merges neighbouring networks (and the unlisted space between them) that lead to the same order,
 * as gdnsd merges its map's networks; a query then walks one small trie, and never touches the database. Before
 * that (a step built without a database to walk) a client is placed by its one database network, which is true but
 * narrower.
 */
public final class Placement {
    /** The regions preferred for a client, in order ({@code null}: keep the candidates' order), and the scope. */
    record Placed(List<Region> regions, int scope) {
    }

    /** What makes two placements the same map: the order and the file's overrides (one object per file). */
    private record Key(RegionOrder order, CidrOverrides overrides) {
    }

    private record Tables(MergedNetworks<List<Region>> ipv4, MergedNetworks<List<Region>> ipv6) {
    }

    private static final System.Logger LOG = System.getLogger(Placement.class.getName());

    private final RegionOrder order;
    private final CidrOverrides overrides;
    /** Set once by {@link #compile}, before the snapshot holding this step is published. */
    private volatile Tables merged;

    Placement(RegionOrder order, CidrOverrides overrides) {
        this.order = Objects.requireNonNull(order, "order");
        this.overrides = Objects.requireNonNull(overrides, "overrides");
    }

    Placed place(QueryContext context) {
        Tables tables = merged;
        if (tables != null) {
            if (context.trace().enabled()) {
                context.location(); // explain shows where the client is, though the merged map already knows
            }
            MergedNetworks<List<Region>> map = context.isIpv4() ? tables.ipv4() : tables.ipv6();
            int found = map.find(context.client().getAddress());
            return new Placed(map.value(found), MergedNetworks.prefix(found));
        }
        NetworkTable.Match<List<Region>> override = overrides.regionsFor(context);
        if (override.value() != null) {
            return new Placed(override.value(), override.decisivePrefix());
        }
        GeoLocation location = context.location();
        return new Placed(order.regionsFor(location), Math.max(override.decisivePrefix(), location.networkPrefix()));
    }

    /**
     * Why this client is placed where it is, for explain: the override that matched, or the GeoIP network that holds
     * the client and what the order makes of its location.
     */
    String reason(QueryContext context) {
        NetworkTable.Match<List<Region>> override = overrides.regionsFor(context);
        if (override.value() != null) {
            return "override " + ClientNetwork.of(context.client(), override.decisivePrefix()) + " → "
                    + RegionOrder.names(override.value());
        }
        GeoLocation location = context.location();
        String network = ClientNetwork.of(context.client(), location.networkPrefix()).toString();
        String where = !location.isKnown() ? "not in the GeoIP database (" + network + ")"
                : "GeoIP network " + network + " (" + describe(location) + ")";
        return where + ": " + order.reason(location);
    }

    private static String describe(GeoLocation location) {
        StringBuilder place = new StringBuilder();
        for (String part : new String[] {location.subdivision(), location.country(), location.continent()}) {
            if (part != null) {
                place.append(place.length() == 0 ? "" : ", ").append(part);
            }
        }
        if (location.hasCoordinates()) {
            place.append(place.length() == 0 ? "" : ", ").append(location.latitude()).append(' ')
                    .append(location.longitude());
        }
        return place.toString();
    }

    /**
     * Builds the merged maps of every placement from the databases: one walk per address family for all of them, so
     * each network is looked up once; the two walks run side by side. Equal orders over the same overrides share one
     * map.
     */
    public static void compile(Collection<Placement> placements, GeoLocator databases) {
        long started = System.nanoTime();
        // Grouped in one pass: an order's equality compares its regions, which for 100 000 names is a cost to pay once.
        Map<Key, List<Placement>> byKey = new LinkedHashMap<>();
        for (Placement placement : placements) {
            byKey.computeIfAbsent(new Key(placement.order, placement.overrides), k -> new ArrayList<>()).add(placement);
        }
        List<Key> keys = List.copyOf(byKey.keySet());
        if (keys.isEmpty()) {
            return;
        }
        // The families are independent and the readers thread-safe: IPv6 on a second thread halves the wait.
        CompletableFuture<List<MergedNetworks<List<Region>>>> ipv6Walk =
                CompletableFuture.supplyAsync(() -> walk(keys, databases, 128));
        List<MergedNetworks<List<Region>>> ipv4 = walk(keys, databases, 32);
        List<MergedNetworks<List<Region>>> ipv6 = ipv6Walk.join();
        int nodes = 0;
        for (int i = 0; i < keys.size(); i++) {
            Tables tables = new Tables(ipv4.get(i), ipv6.get(i));
            nodes += tables.ipv4().nodes() + tables.ipv6().nodes();
            for (Placement placement : byKey.get(keys.get(i))) {
                placement.merged = tables;
            }
        }
        LOG.log(System.Logger.Level.INFO, "client placement: {0} distinct region orders, {1} trie nodes, {2} ms",
                keys.size(), nodes, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Visits the address space in order, one network at a time: the database network holding the next address, cut
     * down to the widest block around it that every key's overrides treat alike. All are aligned blocks holding the
     * address, so the longest prefix is the one inside the others. Each key's order is computed once per distinct
     * place (databases repeat a city's record over thousands of networks).
     */
    private static List<MergedNetworks<List<Region>>> walk(List<Key> keys, GeoLocator databases, int bits) {
        int n = keys.size();
        List<MergedNetworks.Builder<List<Region>>> builders = new ArrayList<>(n);
        List<Map<GeoLocation, Optional<List<Region>>>> orders = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            builders.add(new MergedNetworks.Builder<>(bits));
            orders.add(new HashMap<>());
        }
        @SuppressWarnings("unchecked")
        NetworkTable.Match<List<Region>>[] overrides = new NetworkTable.Match[n];
        byte[] next = new byte[bits / 8];
        boolean more = true;
        while (more) {
            InetAddress address = address(next);
            GeoLocation location = databases.locate(address);
            GeoLocation place = new GeoLocation(location.country(), location.continent(), location.subdivision(),
                    location.latitude(), location.longitude(), location.hasCoordinates(), 0);
            int prefix = Math.max(aligned(next), location.networkPrefix());
            for (int i = 0; i < n; i++) {
                overrides[i] = keys.get(i).overrides().regionsFor(address);
                prefix = Math.max(prefix, overrides[i].decisivePrefix());
            }
            for (int i = 0; i < n; i++) {
                Key key = keys.get(i);
                List<Region> regions = overrides[i].value() != null ? overrides[i].value()
                        : orders.get(i).computeIfAbsent(place, p -> Optional.ofNullable(key.order().regionsFor(p)))
                                .orElse(null);
                builders.get(i).add(next, prefix, regions);
            }
            more = advance(next, prefix);
        }
        return builders.stream().map(MergedNetworks.Builder::build).toList();
    }

    /** The widest prefix {@code address} starts a block of (a damaged database may give a wider network). */
    private static int aligned(byte[] address) {
        for (int bit = address.length * 8 - 1; bit >= 0; bit--) {
            if (NetworkTable.bit(address, bit) == 1) {
                return bit + 1;
            }
        }
        return 0;
    }

    /** Moves to the address after the block; false when the block ended the address space. */
    private static boolean advance(byte[] address, int prefix) {
        for (int bit = prefix - 1; bit >= 0; bit--) {
            int mask = 0x80 >>> (bit & 7);
            address[bit >>> 3] ^= (byte) mask;
            if ((address[bit >>> 3] & mask) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * An address of the family its length says; an IPv6 address stays IPv6 even in {@code ::ffff:0:0/96}, where
     * {@link InetAddress#getByAddress(byte[])} would give the IPv4 address.
     */
    private static InetAddress address(byte[] bytes) {
        try {
            return bytes.length == 4 ? InetAddress.getByAddress(bytes.clone())
                    : Inet6Address.getByAddress(null, bytes.clone(), -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("four or sixteen bytes are always an address", e);
        }
    }
}
