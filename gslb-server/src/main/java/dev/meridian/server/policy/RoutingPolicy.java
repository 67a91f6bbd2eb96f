package dev.meridian.server.policy;

import dev.meridian.server.request.QueryContext;
import java.util.List;
import java.util.Optional;

/**
 * One step of a GSLB name's chain. It receives the candidates in preference order and returns those it keeps, in
 * the order it prefers; it never modifies the list it is given. A step that looks at the client returns, with its
 * choice, the prefix length its decision depended on, so the ECS scope is right.
 */
public interface RoutingPolicy {
    /** The name of this kind of step in policy files. */
    String kind();

    Selection apply(List<Target> candidates, QueryContext context);

    /**
     * Why this step kept what it kept from {@code in}, in words an operator reads in explain; called only when
     * explaining, after {@link #apply}, so it may allocate and look things up.
     */
    String reason(List<Target> in, Selection out, QueryContext context);

    /**
     * Why this step cannot choose among these endpoints, checked once at load (a weighted step whose weights sum to
     * zero, a distance-based step over a region without coordinates); empty when it can.
     */
    default Optional<String> refuse(List<Endpoint> endpoints) {
        return Optional.empty();
    }

    /** Whether this step asks where the client is (and so needs a geo database). */
    default boolean usesLocation() {
        return false;
    }

    /** Where this step places clients, for the snapshot to merge their networks; empty when it does not. */
    default Optional<Placement> placement() {
        return Optional.empty();
    }

    /** Whether this step chooses among candidates (and so must come after the health filter). */
    default boolean selects() {
        return true;
    }

    /**
     * Whether this step chooses by weight, so that a slow start ramps the endpoint's weight here instead of pacing
     * it per client network before the step ({@link SlowStart}).
     */
    default boolean rampsByWeight() {
        return false;
    }

    /**
     * As {@link #apply}, with each candidate's weight scaled by its slow start at {@code nowMillis}. The chain calls it
     * instead of {@link #apply} on the step where a ramp is applied, when that step {@link #rampsByWeight()}.
     */
    default Selection applyRamped(List<Target> candidates, QueryContext context, long nowMillis) {
        return apply(candidates, context);
    }
}
