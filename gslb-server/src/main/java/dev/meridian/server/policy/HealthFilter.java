package dev.meridian.server.policy;

import dev.meridian.server.request.HealthTable;
import dev.meridian.server.request.QueryContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the candidates the health view says are up. An empty result is the chain's all-down case. A slow start is not
 * this step's: the chain applies it where the first choice is made ({@link SlowStart}), so a chain without this step
 * ramps too, and a weighted or hash step can ramp by weight without the ramp being applied twice.
 */
public enum HealthFilter implements RoutingPolicy {
    INSTANCE;

    public static final String NAME = "health";

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
        return Selection.of(up == null ? candidates : up);
    }

    @Override
    public String reason(List<Target> in, Selection out, QueryContext context) {
        List<String> dropped = new ArrayList<>();
        for (Target t : in) {
            if (!out.targets().contains(t)) {
                dropped.add(t.endpoint().id());
            }
        }
        return dropped.isEmpty() ? "every candidate serves" : "dropped, not serving: " + String.join(", ", dropped);
    }
}
