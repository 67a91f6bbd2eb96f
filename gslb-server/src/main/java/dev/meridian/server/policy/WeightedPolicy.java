package dev.meridian.server.policy;

import dev.meridian.server.request.HealthTable;
import dev.meridian.server.request.QueryContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Splits traffic by endpoint weight, one endpoint per answer, chosen at random per query as Route 53 does (a 95/5
 * canary gets 95 % and 5 %). Weight 0 takes traffic only when no weighted candidate is left. A slow-starting endpoint's
 * weight ramps with its slow start. The choice does not depend on the client, so it adds nothing to the ECS scope.
 */
public enum WeightedPolicy implements RoutingPolicy {
    INSTANCE;

    public static final String NAME = "weighted";

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
        return Selection.of(choose(candidates, context.health(), SlowStart.NONE));
    }

    @Override
    public Selection applyRamped(List<Target> candidates, QueryContext context, long nowMillis) {
        return Selection.of(choose(candidates, context.health(), nowMillis));
    }

    @Override
    public String reason(List<Target> in, Selection out, QueryContext context) {
        StringBuilder weights = new StringBuilder("one at random by weight:");
        for (Target t : in) {
            weights.append(' ').append(t.endpoint().id()).append('=')
                    .append(context.health().weight(t.endpoint().index(), t.endpoint().weight()));
        }
        return weights.toString();
    }

    private static List<Target> choose(List<Target> candidates, HealthTable table, long nowMillis) {
        if (candidates.size() <= 1) {
            return candidates;
        }
        double total = 0;
        for (int i = 0; i < candidates.size(); i++) {
            total += SlowStart.weight(candidates.get(i), table, nowMillis);
        }
        if (total == 0) {
            return List.of(candidates.get(ThreadLocalRandom.current().nextInt(candidates.size())));
        }
        double pick = ThreadLocalRandom.current().nextDouble(total);
        Target last = null;
        for (int i = 0; i < candidates.size(); i++) {
            Target t = candidates.get(i);
            double weight = SlowStart.weight(t, table, nowMillis);
            pick -= weight;
            if (pick < 0) {
                return List.of(t);
            }
            if (weight > 0) {
                last = t;
            }
        }
        // Rounding can leave a sliver of the total past the last weight: it belongs to the last weighted endpoint.
        return List.of(last);
    }
}
