package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.server.geo.Cidr;
import dev.meridian.server.policy.AllDownMode;
import dev.meridian.server.policy.CidrOverrides;
import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.policy.GslbName;
import dev.meridian.server.policy.HealthFilter;
import dev.meridian.server.policy.MultivaluePolicy;
import dev.meridian.server.policy.PolicyChain;
import dev.meridian.server.policy.Region;
import dev.meridian.server.policy.RoutingPolicy;
import dev.meridian.server.policy.Target;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.TextParseException;

/**
 * Reads a zone's policy file ({@code <zone>.policy.yaml}): regions and their endpoints, CIDR overrides, and the GSLB
 * names with their chains. Everything is resolved to objects here; every mistake is reported with file and line.
 */
public final class PolicyFileLoader {
    /** Answer TTL when a name gives none: short, so clients move soon after a failover. */
    public static final long DEFAULT_TTL = 30;

    private static final String BACKUP = "all-down/backup";
    private static final Set<String> NAME_KEYS = Set.of("ttl", "answers", "endpoints", "policy", "chain", "all-down");
    /** Files with more names than this build the second half on another thread. */
    private static final int BUILT_APART = 1_000;

    private PolicyFileLoader() {
    }

    /**
     * The GSLB names of a zone, in file order.
     *
     * @param index gives each endpoint its health-table slot
     */
    public static List<GslbName> load(Path file, Name origin, EndpointIndex index) throws ConfigException {
        return read(file, origin, index).names();
    }

    /**
     * The GSLB names of a zone, in file order, with the line each is defined on.
     *
     * @param index gives each endpoint its health-table slot
     */
    public static Loaded read(Path file, Name origin, EndpointIndex index) throws ConfigException {
        YamlNode root = YamlNode.read(file);
        if (!root.isObject()) {
            throw root.error("a policy file is a mapping with 'regions' and 'names'");
        }
        root.onlyKeys(Set.of("regions", "overrides", "names"));

        Map<String, Region> regions = new LinkedHashMap<>();
        Map<Region, PolicyFileContext.RegionPlaces> places = new LinkedHashMap<>();
        Map<String, List<Endpoint>> endpointsByRegion = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : root.get("regions").entries().entrySet()) {
            Region region = region(e.getKey(), regions.size(), e.getValue());
            regions.put(region.name(), region);
            places.put(region, new PolicyFileContext.RegionPlaces(codes(e.getValue().get("countries")),
                    codes(e.getValue().get("continents"))));
            List<Endpoint> endpoints = new ArrayList<>();
            for (Map.Entry<String, YamlNode> ep : e.getValue().get("endpoints").entries().entrySet()) {
                Endpoint endpoint = endpoint(region, ep.getKey(), ep.getValue(), e.getValue().get("check"),
                        slowStart(e.getValue(), Duration.ZERO), origin, index);
                endpoints.add(endpoint);
            }
            if (endpoints.isEmpty()) {
                throw e.getValue().error("region '" + region.name() + "' has no endpoints");
            }
            endpointsByRegion.put(region.name(), endpoints);
        }
        if (regions.isEmpty()) {
            throw root.get("regions").error("at least one region is required");
        }
        // Unmodifiable rather than copied: Map.copyOf would list the regions of an error message in an order that
        // changes from run to run; this one is the file's.
        PolicyFileContext context = new PolicyFileContext(Collections.unmodifiableMap(regions),
                Collections.unmodifiableMap(endpointsByRegion), places,
                overrides(root.get("overrides"), regions), index);

        List<Map.Entry<String, YamlNode>> entries = List.copyOf(root.get("names").entries().entrySet());
        List<Built> built = build(entries, origin, context, endpointsByRegion);
        List<GslbName> names = new ArrayList<>(built.size());
        Map<Name, Integer> lines = new LinkedHashMap<>();
        // In file order, so the first problem in the file is the one reported. A part stops at its first failure,
        // which this loop reaches before any entry the part did not build.
        for (int i = 0; i < built.size(); i++) {
            if (built.get(i).problem() != null) {
                throw built.get(i).problem();
            }
            GslbName name = built.get(i).name();
            YamlNode node = entries.get(i).getValue();
            // Name equality ignores case, and "www" and "www.<origin>." are one name: the YAML keys differ.
            Integer first = lines.putIfAbsent(name.name(), node.line());
            if (first != null) {
                throw node.error("GSLB name " + name.name() + " is defined twice; first on line " + first);
            }
            names.add(name);
        }
        return new Loaded(names, lines);
    }

    /** One entry of {@code names}: the name built, or the problem that stopped it. */
    private record Built(GslbName name, ConfigException problem) {
    }

    /**
     * Builds the names of a large file in two halves side by side: each name is built alone from the file's regions
     * and endpoints, and building them is about half of reading a file of 100 000 names.
     */
    private static List<Built> build(List<Map.Entry<String, YamlNode>> entries, Name origin,
            PolicyFileContext context, Map<String, List<Endpoint>> endpointsByRegion) {
        if (entries.size() <= BUILT_APART) {
            return build(entries, 0, entries.size(), origin, context, endpointsByRegion);
        }
        int half = entries.size() / 2;
        CompletableFuture<List<Built>> second = CompletableFuture.supplyAsync(
                () -> build(entries, half, entries.size(), origin, context, endpointsByRegion));
        List<Built> built = build(entries, 0, half, origin, context, endpointsByRegion);
        try {
            built.addAll(second.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return built;
    }

    private static List<Built> build(List<Map.Entry<String, YamlNode>> entries, int from, int to, Name origin,
            PolicyFileContext context, Map<String, List<Endpoint>> endpointsByRegion) {
        List<Built> built = new ArrayList<>(to - from);
        for (Map.Entry<String, YamlNode> e : entries.subList(from, to)) {
            try {
                built.add(new Built(gslbName(e.getKey(), e.getValue(), origin, context, endpointsByRegion), null));
            } catch (ConfigException problem) {
                built.add(new Built(null, problem));
                break;
            }
        }
        return built;
    }

    /**
     * A policy file's GSLB names.
     *
     * @param lines the line each name is defined on, for errors found when the zone takes them
     */
    public record Loaded(List<GslbName> names, Map<Name, Integer> lines) {
        public Loaded {
            names = List.copyOf(names);
            lines = Map.copyOf(lines);
        }
    }

    private static Region region(String name, int order, YamlNode node) throws ConfigException {
        node.onlyKeys(Set.of("latitude", "longitude", "bias", "countries", "continents", "endpoints", "check",
                "slow-start"));
        boolean placed = !node.get("latitude").isMissing() || !node.get("longitude").isMissing();
        double latitude = placed ? node.get("latitude").number(-90, 90) : Double.NaN;
        double longitude = placed ? node.get("longitude").number(-180, 180) : Double.NaN;
        double bias = node.get("bias").isMissing() ? 0 : node.get("bias").number(-99, 99);
        return new Region(name, order, latitude, longitude, bias);
    }

    private static List<String> codes(YamlNode list) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (YamlNode code : list.elements()) {
            out.add(code.text().toUpperCase(java.util.Locale.ROOT));
        }
        return out;
    }

    /** {@code slow-start: 60s} of an endpoint or region; an endpoint without one takes its region's. */
    private static Duration slowStart(YamlNode node, Duration fallback) throws ConfigException {
        Duration value = node.get("slow-start").duration(fallback);
        if (value.isNegative()) {
            throw node.get("slow-start").error(node.get("slow-start").key() + " must not be negative");
        }
        return value;
    }

    private static Endpoint endpoint(Region region, String name, YamlNode node, YamlNode regionCheck,
            Duration regionSlowStart, Name origin, EndpointIndex index) throws ConfigException {
        node.onlyKeys(Set.of("addresses", "cname", "weight", "down", "check", "slow-start"));
        List<Inet4Address> v4 = new ArrayList<>();
        List<Inet6Address> v6 = new ArrayList<>();
        for (YamlNode address : node.get("addresses").elements()) {
            InetAddress parsed = literal(address);
            if (parsed instanceof Inet4Address a) {
                v4.add(a);
            } else {
                v6.add((Inet6Address) parsed);
            }
        }
        Name cname = node.get("cname").isMissing() ? null : name(node.get("cname"), origin);
        if ((cname == null) == (v4.isEmpty() && v6.isEmpty())) {
            throw node.error("endpoint '" + name + "' needs either addresses or a cname, not both");
        }
        int weight = (int) node.get("weight").integer(0, 1_000_000, 1);
        String id = region.name() + "/" + name;
        String key = healthKey(origin, id);
        String answered = !v4.isEmpty() ? v4.get(0).getHostAddress()
                : !v6.isEmpty() ? v6.get(0).getHostAddress() : cname.toString(true);
        YamlNode check = node.get("check").isMissing() ? regionCheck : node.get("check");
        return new Endpoint(id, key, index.indexOf(key), region, v4, v6, cname, weight, node.get("down").bool(false),
                CheckReader.read(check, key, region.name(), answered), slowStart(node, regionSlowStart));
    }

    private static CidrOverrides overrides(YamlNode list, Map<String, Region> regions) throws ConfigException {
        Map<Cidr, List<Region>> networks = new LinkedHashMap<>();
        for (YamlNode entry : list.elements()) {
            entry.onlyKeys(Set.of("network", "regions"));
            Cidr network;
            try {
                network = Cidr.parse(entry.get("network").text());
            } catch (IllegalArgumentException ex) {
                throw entry.get("network").error(ex.getMessage());
            }
            List<Region> order = new ArrayList<>();
            for (YamlNode name : entry.get("regions").elements()) {
                Region region = regions.get(name.text());
                if (region == null) {
                    throw name.error("unknown region '" + name.text() + "'; regions are " + regions.keySet());
                }
                order.add(region);
            }
            if (order.isEmpty() || networks.put(network, order) != null) {
                throw entry.error(order.isEmpty() ? "an override needs at least one region"
                        : "network " + entry.get("network").text() + " is overridden twice");
            }
        }
        return networks.isEmpty() ? CidrOverrides.NONE : new CidrOverrides(networks);
    }

    private static GslbName gslbName(String key, YamlNode node, Name origin, PolicyFileContext context,
            Map<String, List<Endpoint>> endpointsByRegion) throws ConfigException {
        node.onlyKeys(NAME_KEYS);
        Name name = name(node, key, origin);
        if (!name.subdomain(origin)) {
            throw node.error("name " + name + " is outside the zone " + origin);
        }
        long ttl = node.get("ttl").integer(0, Integer.MAX_VALUE, DEFAULT_TTL);
        List<Endpoint> endpoints = candidates(node.get("endpoints"), endpointsByRegion);
        List<RoutingPolicy> steps = chain(node, context);
        // A multivalue step says how many endpoints to answer with, unless the name says otherwise.
        int multivalue = steps.stream().filter(MultivaluePolicy.class::isInstance)
                .mapToInt(s -> ((MultivaluePolicy) s).count()).findFirst().orElse(1);
        int answers = (int) node.get("answers").integer(1, 64, multivalue);
        checkSteps(node, steps, endpoints);
        List<Target> targets = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            targets.add(target(name, ttl, endpoint));
        }
        AllDownMode allDown = allDown(node.get("all-down"), name, ttl, origin, context);
        try {
            return new GslbName(name, ttl, answers, new PolicyChain(steps, allDown), targets);
        } catch (IllegalArgumentException ex) {
            throw node.get(node.get("chain").isMissing() ? "policy" : "chain").error(ex.getMessage());
        }
    }

    private static List<Endpoint> candidates(YamlNode list, Map<String, List<Endpoint>> byRegion)
            throws ConfigException {
        if (list.isMissing()) {
            return byRegion.values().stream().flatMap(List::stream).toList();
        }
        List<Endpoint> out = new ArrayList<>();
        for (YamlNode entry : list.elements()) {
            String id = entry.text();
            String region = id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
            List<Endpoint> ofRegion = byRegion.get(region);
            if (ofRegion == null) {
                throw entry.error("unknown region '" + region + "'; regions are " + byRegion.keySet());
            }
            if (!id.contains("/")) {
                out.addAll(ofRegion);
                continue;
            }
            Endpoint chosen = null;
            for (Endpoint e : ofRegion) {
                if (e.id().equals(id)) {
                    chosen = e;
                }
            }
            if (chosen == null) {
                throw entry.error("region '" + region + "' has no endpoint '" + id.substring(region.length() + 1)
                        + "'");
            }
            out.add(chosen);
        }
        return out;
    }

    private static List<RoutingPolicy> chain(YamlNode node, PolicyFileContext context) throws ConfigException {
        YamlNode policy = node.get("policy");
        YamlNode chain = node.get("chain");
        if (policy.isMissing() == chain.isMissing()) {
            throw node.error("give either 'policy' (one step after the health filter) or 'chain' (every step)");
        }
        if (!policy.isMissing()) {
            return List.of(HealthFilter.INSTANCE, PolicyRegistry.create(policy, policy.absent(), context));
        }
        List<RoutingPolicy> steps = new ArrayList<>();
        for (YamlNode step : chain.elements()) {
            if (step.isObject()) {
                Map<String, YamlNode> entries = step.entries();
                if (entries.size() != 1) {
                    throw step.error("a chain step is a policy name, or one name with its parameters");
                }
                Map.Entry<String, YamlNode> only = entries.entrySet().iterator().next();
                steps.add(PolicyRegistry.create(only.getValue().keyText(only.getKey()), only.getValue(), context));
            } else {
                steps.add(PolicyRegistry.create(step, step.absent(), context));
            }
        }
        if (steps.isEmpty()) {
            throw chain.error("a chain needs at least one step");
        }
        return steps;
    }

    /** Validation that needs both the steps and the endpoints. */
    private static void checkSteps(YamlNode node, List<RoutingPolicy> steps, List<Endpoint> endpoints)
            throws ConfigException {
        for (RoutingPolicy step : steps) {
            Optional<String> problem = step.refuse(endpoints);
            if (problem.isPresent()) {
                throw node.error(problem.get());
            }
        }
    }

    private static AllDownMode allDown(YamlNode node, Name owner, long ttl, Name origin, PolicyFileContext context)
            throws ConfigException {
        if (node.isMissing()) {
            return AllDownMode.RETURN_ALL;
        }
        if (node.isObject()) {
            node.onlyKeys(Set.of("backup"));
            YamlNode backup = node.get("backup");
            String value = backup.text();
            Region none = new Region("backup", Integer.MAX_VALUE, Double.NaN, Double.NaN, 0);
            boolean address = value.contains(":") || value.matches("[0-9.]+");
            Endpoint endpoint = address ? backupEndpoint(none, literal(backup), null, origin, context.index())
                    : backupEndpoint(none, null, name(backup, origin), origin, context.index());
            return new AllDownMode.Backup(target(owner, ttl, endpoint));
        }
        return switch (node.text()) {
            case "return-all" -> AllDownMode.RETURN_ALL;
            case "first-tier" -> new AllDownMode.FirstTier();
            case "nodata" -> new AllDownMode.NoData();
            case "servfail" -> new AllDownMode.ServFail();
            default -> throw node.error("unknown all-down mode '" + node.text()
                    + "'; expected return-all, first-tier, nodata, servfail or {backup: ADDRESS-OR-NAME}");
        };
    }

    private static Endpoint backupEndpoint(Region region, InetAddress address, Name cname, Name origin,
            EndpointIndex index) {
        List<Inet4Address> v4 = address instanceof Inet4Address a ? List.of(a) : List.of();
        List<Inet6Address> v6 = address instanceof Inet6Address a ? List.of(a) : List.of();
        String key = healthKey(origin, BACKUP);
        return new Endpoint(BACKUP, key, index.indexOf(key), region, v4, v6, cname, 0, false, null, Duration.ZERO);
    }

    /** The health key of an endpoint: the zone keeps two zones' same-named regions apart. */
    public static String healthKey(Name origin, String id) {
        return origin.toString(true) + "/" + id;
    }

    private static Target target(Name owner, long ttl, Endpoint endpoint) {
        RRset a = null;
        RRset aaaa = null;
        RRset cname = null;
        for (Inet4Address address : endpoint.ipv4()) {
            a = add(a, new ARecord(owner, DClass.IN, ttl, address));
        }
        for (Inet6Address address : endpoint.ipv6()) {
            aaaa = add(aaaa, new AAAARecord(owner, DClass.IN, ttl, address));
        }
        if (endpoint.cname() != null) {
            cname = new RRset(new CNAMERecord(owner, DClass.IN, ttl, endpoint.cname()));
        }
        return new Target(endpoint, a, aaaa, cname);
    }

    private static RRset add(RRset set, org.xbill.DNS.Record r) {
        if (set == null) {
            return new RRset(r);
        }
        set.addRR(r);
        return set;
    }

    private static InetAddress literal(YamlNode node) throws ConfigException {
        String text = node.text();
        if (!text.contains(":") && !text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            throw node.error("'" + text + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw node.error("'" + text + "' is not an IP address");
        }
    }

    private static Name name(YamlNode node, Name origin) throws ConfigException {
        return name(node, node.text(), origin);
    }

    private static Name name(YamlNode node, String text, Name origin) throws ConfigException {
        try {
            return Name.fromString(text, origin);
        } catch (TextParseException e) {
            throw node.error("'" + text + "' is not a domain name: " + e.getMessage());
        }
    }
}
