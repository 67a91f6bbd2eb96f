package dev.meridian.server.policy;

import dev.meridian.probes.latency.ClientNetwork;
import dev.meridian.probes.latency.CountryKey;
import dev.meridian.probes.latency.LatencyRow;
import dev.meridian.probes.latency.RegionIds;
import dev.meridian.server.request.QueryContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The region with the lowest measured round-trip time to the client's network: the first region of the network's
 * latency row (which keeps the network's previous region unless a faster one beats it by the margin) that is among
 * the candidates. Without fresh data for the network, the aggregate of its country's measured networks decides; then
 * geoproximity. Operator overrides win. The ECS scope is the measured network's prefix, or the GeoIP network's for a
 * country.
 */
public final class LatencyPolicy implements RoutingPolicy {
    public static final String NAME = "latency";

    private final int ipv4Prefix;
    private final int ipv6Prefix;
    private final CidrOverrides overrides;
    private final Placement nearest;

    /**
     * @param ipv4Prefix the longest IPv4 client prefix this step keys on: below the latency map's network size it
     *     never uses a network's own data, only its country's
     * @param ipv6Prefix the same for IPv6
     * @param all every region of the policy file, for the nearest-first fallback
     */
    public LatencyPolicy(int ipv4Prefix, int ipv6Prefix, Collection<Region> all, CidrOverrides overrides) {
        this.ipv4Prefix = ipv4Prefix;
        this.ipv6Prefix = ipv6Prefix;
        this.overrides = Objects.requireNonNull(overrides, "overrides");
        this.nearest = GeoProximityPolicy.nearest(all, overrides);
    }

    @Override
    public Optional<Placement> placement() {
        return Optional.of(nearest);
    }

    @Override
    public boolean usesLocation() {
        return true;
    }

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public Optional<String> refuse(List<Endpoint> endpoints) {
        return EndpointChecks.coordinates(NAME, endpoints);
    }

    @Override
    public Selection apply(List<Target> candidates, QueryContext context) {
        NetworkTable.Match<List<Region>> override = overrides.regionsFor(context);
        if (override.value() != null) {
            return new Selection(Candidates.nearestRegions(candidates, override.value(), 1),
                    override.decisivePrefix());
        }
        int known = Math.min(context.isIpv4() ? ipv4Prefix : ipv6Prefix, context.sourcePrefix());
        LatencyRow row = context.latency().network(context.client(), known);
        Region chosen = row == null ? null : firstCandidate(row, candidates);
        int scope = override.decisivePrefix();
        if (chosen != null) {
            scope = Math.max(scope, row.prefix());
        } else {
            row = context.latency().country(CountryKey.of(context.location().country()));
            chosen = row == null ? null : firstCandidate(row, candidates);
            scope = Math.max(scope, context.location().networkPrefix());
        }
        if (!context.trace().enabled()) {
            // Explaining an answer is not serving one.
            context.latency().levels().decided(chosen == null ? null : row.level());
        }
        if (chosen == null) {
            Selection byDistance = GeoProximityPolicy.nearestCandidates(candidates, context, nearest, 1);
            if (context.trace().enabled()) {
                context.trace().latency("geoproximity", null, List.of());
            }
            return new Selection(byDistance.targets(), Math.max(scope, byDistance.scope()));
        }
        if (context.trace().enabled()) {
            trace(row, context);
        }
        return new Selection(Candidates.inRegionOrder(candidates, List.of(chosen)), scope);
    }

    @Override
    public String reason(List<Target> in, Selection out, QueryContext context) {
        if (overrides.regionsFor(context).value() != null) {
            return nearest.reason(context);
        }
        return "the region with the lowest measured round-trip time for the client's network or country (see"
                + " latency); without measurements, the nearest: " + nearest.reason(context);
    }

    /** The row's most preferred region that has a candidate; a linear scan of a few ids, no lookups. */
    private static Region firstCandidate(LatencyRow row, List<Target> candidates) {
        int[] regions = row.regions();
        for (int region : regions) {
            for (int j = 0, n = candidates.size(); j < n; j++) {
                Region r = candidates.get(j).region();
                if (r.id() == region) {
                    return r;
                }
            }
        }
        return null;
    }

    private static void trace(LatencyRow row, QueryContext context) {
        List<String> rtts = new ArrayList<>();
        for (int i = 0; i < row.regions().length; i++) {
            rtts.add(RegionIds.name(row.regions()[i]) + "=" + Math.round(row.rttMillis()[i] * 10) / 10.0 + "ms ("
                    + row.samples()[i] + " samples)");
        }
        String where = row.level() == LatencyRow.Level.NETWORK
                ? ClientNetwork.of(context.client(), row.prefix()).toString()
                : context.location().country();
        context.trace().latency(row.level().name().toLowerCase(Locale.ROOT), where, rtts);
    }
}
