package dev.meridian.server.policy;

import dev.meridian.server.request.HealthTable;
import dev.meridian.server.request.QueryContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Splits traffic by endpoint weight, one endpoint per answer, chosen at random per query as Route 53 does (a 95/5
 * canary gets 95 % and 5 %). Weight 0 takes traffic only when no weighted candidate is left. The choice does not
 * depend on the client, so it adds nothing to the ECS scope.
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
    public Selection apply(List<Target> candidates, QueryContext context) {
        return Selection.of(choose(candidates, context.health()));
    }

    @Override
    public String reason(List<Target> in, Selection out, QueryContext context) {
        StringBuilder weights = new StringBuilder("one at random by weight:");
        for (Target t : in) {
            weights.append(' ').append(t.endpoint().id()).append('=').append(weight(t, context.health()));
        }
        return weights.toString();
    }

    private static List<Target> choose(List<Target> candidates, HealthTable table) {
        if (candidates.size() <= 1) {
            return candidates;
        }
        long total = 0;
        for (Target t : candidates) {
            total += weight(t, table);
        }
        if (total == 0) {
            return List.of(candidates.get(ThreadLocalRandom.current().nextInt(candidates.size())));
        }
        long pick = ThreadLocalRandom.current().nextLong(total);
        for (Target t : candidates) {
            pick -= weight(t, table);
            if (pick < 0) {
                return List.of(t);
            }
        }
        throw new AssertionError("weights changed while choosing");
    }

    /** The operator's weight when one is set, else the configured one. */
    private static int weight(Target t, HealthTable table) {
        return table.weight(t.endpoint().index(), t.endpoint().weight());
    }
}
