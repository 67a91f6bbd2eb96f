package dev.meridian.server.policy;

import dev.meridian.server.request.ChainTrace;
import dev.meridian.server.request.QueryContext;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A GSLB name's steps, run in the order the policy file declares them. The health filter must come before any
 * step that selects (checked at load); when it leaves nothing, the name's {@link AllDownMode} decides, and the event
 * is counted. A slow start is applied once, at the first step that selects, or on what is answered when none does
 * ({@link SlowStart} says how and why once).
 */
public final class PolicyChain {
    /** What explain calls the pacing of a slow start, shown as a step of its own. */
    public static final String SLOW_START = "slow-start";

    private final List<RoutingPolicy> steps;
    /** The same steps, walked by index on every query. */
    private final RoutingPolicy[] order;
    private final AllDownMode allDown;
    private final LongAdder allDownAnswers = new LongAdder();
    /** The step a slow start is applied at: the first that selects, or {@code order.length} when none does. */
    private final int rampAt;
    /** Whether that step ramps by weight; if not, ramping candidates are paced before it. */
    private final boolean rampByWeight;

    public PolicyChain(List<RoutingPolicy> steps, AllDownMode allDown) {
        this.steps = List.copyOf(steps);
        this.order = this.steps.toArray(new RoutingPolicy[0]);
        this.allDown = allDown;
        int first = 0;
        while (first < order.length && !order[first].selects()) {
            first++;
        }
        this.rampAt = first;
        this.rampByWeight = first < order.length && order[first].rampsByWeight();
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
        // The clock is read only when some endpoint ramps: most answers need no time at all.
        long now = context.health().hasRamps() ? System.currentTimeMillis() : SlowStart.NONE;
        for (int i = 0; i < order.length; i++) {
            RoutingPolicy step = order[i];
            boolean ramp = i == rampAt && now != SlowStart.NONE;
            if (ramp && !rampByWeight) {
                Selection paced = pace(current, context, now);
                scope = Math.max(scope, paced.scope());
                current = paced.targets();
            }
            Selection selection = ramp && rampByWeight ? step.applyRamped(current, context, now)
                    : step.apply(current, context);
            scope = Math.max(scope, selection.scope());
            List<Target> next = selection.targets();
            if (trace.enabled()) {
                String reason = step.reason(current, selection, context);
                trace.step(step.kind(), ids(current), ids(next), selection.scope(), ramp && rampByWeight
                        ? reason + SlowStart.rampedWeights(current, context.health(), now) : reason);
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
        if (rampAt == order.length && now != SlowStart.NONE) {
            Selection paced = pace(current, context, now);
            scope = Math.max(scope, paced.scope());
            current = paced.targets();
        }
        return new Decision.Answer(current, scope);
    }

    /** Paces ramping candidates, and shows explain what pacing kept when it did (it then depends on the client). */
    private static Selection pace(List<Target> candidates, QueryContext context, long now) {
        Selection paced = SlowStart.pace(candidates, context, now);
        if (paced.targets() != candidates && context.trace().enabled()) {
            context.trace().step(SLOW_START, ids(candidates), ids(paced.targets()), paced.scope(),
                    "a slow start keeps each ramping endpoint for its share of client networks; for this network it "
                            + "kept " + ids(paced.targets()));
        }
        return paced;
    }

    private static List<String> ids(List<Target> targets) {
        return targets.stream().map(t -> t.endpoint().id()).toList();
    }
}
