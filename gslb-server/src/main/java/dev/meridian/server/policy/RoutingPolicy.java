package dev.meridian.server.policy;

import dev.meridian.server.request.QueryContext;
import java.util.List;

/**
 * One step of a GSLB name's chain. It receives the candidates in preference order and returns those it keeps, in
 * the order it prefers; it never modifies the list it is given. A step that looks at the client records, through
 * the {@link QueryContext}, the prefix length its decision depended on, so the ECS scope is right.
 */
public interface RoutingPolicy {
    /** The name of this kind of step in policy files. */
    String kind();

    List<Target> apply(List<Target> candidates, QueryContext context);

    /** Whether this step asks where the client is (and so needs a geo database). */
    default boolean usesLocation() {
        return false;
    }

    /** Whether this step chooses among candidates (and so must come after the health filter). */
    default boolean selects() {
        return true;
    }
}
