package dev.meridian.server.policy;

import dev.meridian.server.request.HealthTable;
import dev.meridian.server.request.QueryContext;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * The two ways a slow start reaches an answer; {@link PolicyChain} applies exactly one of them, once per query, at
 * the first step that chooses among the candidates.
 *
 * <ul>
 *   <li>By weight, when that step chooses by weight ({@code weighted}, {@code hash}): the ramping endpoint's weight is
 *       its weight times its ramp fraction. In {@code hash} a growing weight only ever raises the endpoint's score
 *       for a network, so the networks it takes are the ones it keeps.
 *   <li>By pacing, before any other first choice (one region for {@code failover}, {@code geoproximity} and
 *       {@code latency}; the first few for {@code multivalue}; the answer itself when nothing chooses): the ramping
 *       candidate is kept for the share of client networks its ramp has reached, by a stable hash of the network
 *       and the endpoint, and the other networks go to the next choice. The answer's scope is then that network.
 * </ul>
 *
 * <p>Once, because the two compound: a candidate paced away for some networks and then given a scaled weight for the
 * rest would get its fraction squared. The first choice is where the share is decided; a later weighted step (after
 * {@code geoproximity}, say) splits a region that pacing already made ramp, at the configured weights.
 */
final class SlowStart {
    /** The clock reading of a query whose health table has no slow start: weights as configured, nothing paced. */
    static final long NONE = Long.MIN_VALUE;
    /** The client networks pacing goes by, as resolvers' caches see them. */
    static final int PACE_IPV4_PREFIX = 24;
    static final int PACE_IPV6_PREFIX = 48;

    private SlowStart() {
    }

    /**
     * The endpoint's weight in force, scaled by its ramp at {@code nowMillis} ({@link #NONE}: not scaled). A weighted
     * endpoint stays above 0 while it ramps, so it never falls among the weight-0 endpoints kept for last.
     */
    static double weight(Target t, HealthTable table, long nowMillis) {
        int index = t.endpoint().index();
        int weight = table.weight(index, t.endpoint().weight());
        if (nowMillis == NONE || weight == 0) {
            return weight;
        }
        return Math.max(Double.MIN_NORMAL, weight * table.rampFraction(index, nowMillis));
    }

    /** For explain: the ramping candidates and the fraction of their weight they had, as a reason's tail. */
    static String rampedWeights(List<Target> candidates, HealthTable table, long nowMillis) {
        StringBuilder ramped = new StringBuilder();
        for (Target t : candidates) {
            double fraction = table.rampFraction(t.endpoint().index(), nowMillis);
            if (fraction < 1) {
                ramped.append(ramped.length() == 0 ? "; slow start: " : ", ").append(t.endpoint().id()).append(" at ")
                        .append(Math.round(fraction * 1000) / 1000.0).append(" of its weight");
            }
        }
        return ramped.toString();
    }

    /**
     * The candidates with each ramping one kept for its share of client networks, when one ramps and another is at its
     * full share beside it (with every candidate ramping, holding one back would only send its networks to another
     * that ramps too). The scope is the network paced by, or 0 when nothing was paced.
     */
    static Selection pace(List<Target> candidates, QueryContext context, long nowMillis) {
        HealthTable table = context.health();
        boolean ramping = false;
        boolean full = false;
        for (int i = 0; i < candidates.size(); i++) {
            if (table.rampFraction(candidates.get(i).endpoint().index(), nowMillis) < 1) {
                ramping = true;
            } else {
                full = true;
            }
        }
        if (!ramping || !full) {
            return Selection.of(candidates);
        }
        boolean ipv4 = context.client() instanceof Inet4Address;
        int prefix = Math.min(ipv4 ? PACE_IPV4_PREFIX : PACE_IPV6_PREFIX, context.sourcePrefix());
        long network = ClientHash.networkKey(context.client().getAddress(), prefix, ipv4);
        List<Target> paced = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Target t = candidates.get(i);
            double share = table.rampFraction(t.endpoint().index(), nowMillis);
            if (share >= 1 || ClientHash.unit(network, t.endpoint().healthKey()) < share) {
                paced.add(t);
            }
        }
        return new Selection(paced, prefix);
    }
}
