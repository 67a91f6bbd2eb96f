package dev.meridian.server.policy;

import dev.meridian.server.request.QueryContext;
import java.util.ArrayList;
import java.util.List;

/** Keeps the candidates the health view says are up. An empty result is the chain's all-down case. */
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
        List<Target> up = null;
        for (int i = 0; i < candidates.size(); i++) {
            Target t = candidates.get(i);
            boolean healthy = context.health().isUp(t.endpoint().index());
            if (!healthy && up == null) {
                up = new ArrayList<>(candidates.subList(0, i));
            } else if (healthy && up != null) {
                up.add(t);
            }
        }
        return Selection.of(up == null ? candidates : up);
    }
}
