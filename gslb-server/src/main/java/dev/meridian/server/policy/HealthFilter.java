package dev.meridian.server.policy;

import dev.meridian.server.request.HealthTable;
import dev.meridian.server.request.QueryContext;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the candidates the health view says are up. An empty result is the chain's all-down case.
 *
 * <p>It also paces slow starts: a candidate ramping up (recovered, added or undrained with a slow start) is kept for
 * the share of client networks its ramp has reached, chosen by a stable hash of the network and the endpoint, so a
 * network that gets it keeps getting it as the share grows, and the others go to the next choice of whatever step
 * follows. That needs a candidate at full share beside it; the answer's scope is then the network hashed.
 */
public enum HealthFilter implements RoutingPolicy {
    INSTANCE;

    public static final String NAME = "health";
    /** The client networks a slow start is paced by, as resolvers' caches see them. */
    static final int RAMP_IPV4_PREFIX = 24;
    static final int RAMP_IPV6_PREFIX = 48;

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public boolean selects() {
        return false;
    }

    @Override
    public Selection apply(List<Target> candidates, QueryContext context) {
        HealthTable table = context.health();
        List<Target> up = null;
        for (int i = 0; i < candidates.size(); i++) {
            Target t = candidates.get(i);
            boolean healthy = table.isUp(t.endpoint().index());
            if (!healthy && up == null) {
                up = new ArrayList<>(candidates.subList(0, i));
            } else if (healthy && up != null) {
                up.add(t);
            }
        }
        List<Target> kept = up == null ? candidates : up;
        return table.hasRamps() ? pacedIfRamping(kept, context) : Selection.of(kept);
    }

    @Override
    public String reason(List<Target> in, Selection out, QueryContext context) {
        List<String> dropped = new ArrayList<>();
        for (Target t : in) {
            if (!out.targets().contains(t)) {
                dropped.add(t.endpoint().id() + (context.health().isUp(t.endpoint().index()) ? " (slow start)"
                        : " (not serving)"));
            }
        }
        return dropped.isEmpty() ? "every candidate serves" : "dropped " + String.join(", ", dropped);
    }

    /** Paces the ramping candidates when one is ramping and another is at its full share; else keeps them all. */
    private static Selection pacedIfRamping(List<Target> kept, QueryContext context) {
        long now = System.currentTimeMillis();
        boolean ramping = false;
        boolean full = false;
        for (Target t : kept) {
            if (context.health().rampFraction(t.endpoint().index(), now) < 1) {
                ramping = true;
            } else {
                full = true;
            }
        }
        return ramping && full ? paced(kept, context, now) : Selection.of(kept);
    }

    private static Selection paced(List<Target> kept, QueryContext context, long now) {
        boolean ipv4 = context.client() instanceof Inet4Address;
        int prefix = Math.min(ipv4 ? RAMP_IPV4_PREFIX : RAMP_IPV6_PREFIX, context.sourcePrefix());
        long network = ClientHash.networkKey(context.client().getAddress(), prefix, ipv4);
        List<Target> paced = new ArrayList<>(kept.size());
        for (Target t : kept) {
            double share = context.health().rampFraction(t.endpoint().index(), now);
            if (share >= 1 || ClientHash.unit(network, t.endpoint().healthKey()) < share) {
                paced.add(t);
            }
        }
        return new Selection(paced, prefix);
    }
}
