package dev.meridian.server.policy;

import dev.meridian.server.request.QueryContext;
import java.util.List;

/** Up to N candidates, in the order they arrive: several healthy addresses for clients to choose from. */
public final class MultivaluePolicy implements RoutingPolicy {
    public static final String NAME = "multivalue";

    private final int count;

    public MultivaluePolicy(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("multivalue count must be at least 1");
        }
        this.count = count;
    }

    /** How many endpoints it keeps. */
    public int count() {
        return count;
    }

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public String reason(List<Target> in, Selection out, QueryContext context) {
        return "up to " + count + " of the candidates, in order";
    }

    @Override
    public Selection apply(List<Target> candidates, QueryContext context) {
        return Selection.of(candidates.size() <= count ? candidates : candidates.subList(0, count));
    }
}
