package dev.meridian.server.policy;

import dev.meridian.server.request.ChainTrace;
import dev.meridian.server.request.QueryContext;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A GSLB name's steps, run in the order the policy file declares them. The health filter must come before any
 * step that selects (checked at load); when it leaves nothing, the name's {@link AllDownMode} decides, and the event
 * is counted.
 */
public final class PolicyChain {
    private final List<RoutingPolicy> steps;
    /** The same steps, walked by index on every query. */
    private final RoutingPolicy[] order;
    private final AllDownMode allDown;
    private final LongAdder allDownAnswers = new LongAdder();

    public PolicyChain(List<RoutingPolicy> steps, AllDownMode allDown) {
        this.steps = List.copyOf(steps);
        this.order = this.steps.toArray(new RoutingPolicy[0]);
        this.allDown = allDown;
        boolean healthSeen = false;
        for (RoutingPolicy step : this.steps) {
            if (step == HealthFilter.INSTANCE) {
                healthSeen = true;
            } else if (step.selects() && !healthSeen && this.steps.contains(HealthFilter.INSTANCE)) {
                throw new IllegalArgumentException("'" + step.kind() + "' selects before the health filter; "
                        + "put 'health' first so selection only sees healthy endpoints");
            }
        }
    }

    public List<RoutingPolicy> steps() {
        return steps;
    }

    public AllDownMode allDownMode() {
        return allDown;
    }

    /** How many answers were given with every candidate down. */
    public long allDownAnswers() {
        return allDownAnswers.sum();
    }

    public Decision run(List<Target> candidates, QueryContext context) {
        List<Target> current = candidates;
        int scope = 0;
        ChainTrace trace = context.trace();
        for (RoutingPolicy step : order) {
            Selection selection = step.apply(current, context);
            scope = Math.max(scope, selection.scope());
            List<Target> next = selection.targets();
            if (trace.enabled()) {
                trace.step(step.kind(), ids(current), ids(next), selection.scope(),
                        step.reason(current, selection, context));
            }
            if (step == HealthFilter.INSTANCE && next.isEmpty() && !current.isEmpty()) {
                allDownAnswers.increment();
                if (trace.enabled()) {
                    trace.allDown(allDown.configName());
                }
                if (allDown instanceof AllDownMode.ReturnAll) {
                    next = current;
                } else if (allDown instanceof AllDownMode.FirstTier) {
                    next = Candidates.firstRegions(current, 1);
                } else if (allDown instanceof AllDownMode.Backup backup) {
                    return new Decision.Answer(List.of(backup.target()), scope);
                } else if (allDown instanceof AllDownMode.NoData) {
                    return new Decision.Answer(List.of(), scope);
                } else {
                    return new Decision.ServFail(scope);
                }
            }
            current = next;
        }
        return new Decision.Answer(current, scope);
    }

    private static List<String> ids(List<Target> targets) {
        return targets.stream().map(t -> t.endpoint().id()).toList();
    }
}
