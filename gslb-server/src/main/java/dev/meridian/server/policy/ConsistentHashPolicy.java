package dev.meridian.server.policy;

import dev.meridian.probes.latency.ClientNetwork;
import dev.meridian.server.request.QueryContext;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

/**
 * DNS-level stickiness: the client's network (a /24 or /48 by default) is hashed against every candidate with
 * weighted rendezvous hashing, and the highest score wins. When an endpoint leaves (removed or unhealthy), only the
 * clients it had move, about 1/N of them; every other client keeps its endpoint. Weights bias the share. A
 * slow-starting endpoint's weight ramps with its slow start: a growing weight only raises its score for a network, so
 * a network moves to it once, as the ramp reaches it, and stays.
 */
public final class ConsistentHashPolicy implements RoutingPolicy {
    public static final String NAME = "hash";

    private final int ipv4Prefix;
    private final int ipv6Prefix;

    public ConsistentHashPolicy(int ipv4Prefix, int ipv6Prefix) {
        if (ipv4Prefix < 0 || ipv4Prefix > 32 || ipv6Prefix < 0 || ipv6Prefix > 64) {
            throw new IllegalArgumentException("hash prefixes must be 0-32 for IPv4 and 0-64 for IPv6");
        }
        this.ipv4Prefix = ipv4Prefix;
        this.ipv6Prefix = ipv6Prefix;
    }

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public Optional<String> refuse(List<Endpoint> endpoints) {
        return EndpointChecks.someWeight(NAME, endpoints);
    }

    @Override
    public boolean rampsByWeight() {
        return true;
    }

    @Override
    public Selection apply(List<Target> candidates, QueryContext context) {
        return applyRamped(candidates, context, SlowStart.NONE);
    }

    @Override
    public Selection applyRamped(List<Target> candidates, QueryContext context, long nowMillis) {
        if (candidates.isEmpty()) {
            return Selection.of(candidates);
        }
        int prefix = Math.min(context.isIpv4() ? ipv4Prefix : ipv6Prefix, context.sourcePrefix());
        long key = ClientHash.networkKey(context.client().getAddress(), prefix, context.client() instanceof Inet4Address);
        Target best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < candidates.size(); i++) {
            Target t = candidates.get(i);
            double score = score(key, t.endpoint().id(), SlowStart.weight(t, context.health(), nowMillis));
            if (score > bestScore) {
                bestScore = score;
                best = t;
            }
        }
        return new Selection(List.of(best), prefix);
    }

    @Override
    public String reason(List<Target> in, Selection out, QueryContext context) {
        return "weighted rendezvous hash of the client network " + ClientNetwork.of(context.client(), out.scope())
                + ": the same network gets the same endpoint while the candidates stay";
    }

    /**
     * Weighted rendezvous score: -w / ln(u) with u uniform in (0, 1) from the hash, always positive; weight 0 scores
     * in (-2, -1), below every weighted endpoint but still consistent among themselves.
     */
    static double score(long key, String endpointId, double weight) {
        double u = ClientHash.unit(key, endpointId);
        return weight == 0 ? u - 2 : -weight / Math.log(u);
    }
}
