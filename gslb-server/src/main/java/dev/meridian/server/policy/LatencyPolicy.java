package dev.meridian.server.policy;

import dev.meridian.probes.health.LatencyView;
import dev.meridian.server.request.QueryContext;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * The region with the lowest measured round-trip time to the client's network (a /24 or /48). Regions without a
 * measurement are not considered; when no region has one, geoproximity decides. Operator overrides win.
 */
public final class LatencyPolicy implements RoutingPolicy {
    public static final String NAME = "latency";

    private final int ipv4Prefix;
    private final int ipv6Prefix;
    private final CidrOverrides overrides;
    private final Placement nearest;

    /** @param all every region of the policy file, for the nearest-first fallback */
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
            return new Selection(Candidates.firstRegions(Candidates.inRegionOrder(candidates, override.value()), 1),
                    override.decisivePrefix());
        }
        int prefix = Math.min(context.isIpv4() ? ipv4Prefix : ipv6Prefix, context.sourcePrefix());
        // Measured or not, another network may have a different answer.
        int scope = context.latency() != LatencyView.NONE ? Math.max(prefix, override.decisivePrefix())
                : override.decisivePrefix();
        Region fastest = null;
        double best = Double.POSITIVE_INFINITY;
        for (Target t : candidates) {
            double rtt = context.latency().rttMillis(t.region().name(), context.client(), prefix);
            if (rtt < best) {
                best = rtt;
                fastest = t.region();
            }
        }
        if (fastest == null) {
            Selection byDistance = GeoProximityPolicy.byDistance(candidates, context, nearest);
            return new Selection(Candidates.firstRegions(byDistance.targets(), 1),
                    Math.max(scope, byDistance.scope()));
        }
        return new Selection(Candidates.inRegionOrder(candidates, List.of(fastest)), scope);
    }
}
