package dev.meridian.server.policy;

import dev.meridian.probes.health.LatencyView;
import dev.meridian.server.request.QueryContext;
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

    public LatencyPolicy(int ipv4Prefix, int ipv6Prefix, CidrOverrides overrides) {
        this.ipv4Prefix = ipv4Prefix;
        this.ipv6Prefix = ipv6Prefix;
        this.overrides = Objects.requireNonNull(overrides, "overrides");
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
    public List<Target> apply(List<Target> candidates, QueryContext context) {
        List<Region> chosen = overrides.regionsFor(context);
        if (chosen != null) {
            return Candidates.firstRegions(Candidates.inRegionOrder(candidates, chosen), 1);
        }
        int prefix = Math.min(context.isIpv4() ? ipv4Prefix : ipv6Prefix, context.sourcePrefix());
        if (context.latency() != LatencyView.NONE) {
            context.dependsOnPrefix(prefix); // measured or not, another network may have a different answer
        }
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
            return Candidates.firstRegions(GeoProximityPolicy.byDistance(candidates, context, overrides), 1);
        }
        return Candidates.inRegionOrder(candidates, List.of(fastest));
    }
}
