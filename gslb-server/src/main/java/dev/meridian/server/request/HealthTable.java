package dev.meridian.server.request;

import dev.meridian.probes.health.HealthView;
import java.time.Duration;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Endpoint health as the query path reads it: one array slot per endpoint index, compiled off the query path from
 * the layered health view each time health or configuration changes. An index beyond the table is an endpoint the
 * table was compiled before; it counts as up with no foreseeable change, as an endpoint no vantage has seen does.
 */
public final class HealthTable {
    /** Every endpoint up, no change foreseeable. */
    public static final HealthTable ALL_UP = new HealthTable(new boolean[0], new long[0], new int[0]);

    /** Bounds this far away are no bound: far beyond any TTL, and safe from overflow. */
    private static final Duration HEALTH_HORIZON = Duration.ofDays(365);

    private final boolean[] down;
    /** Epoch milliseconds before which the endpoint's status cannot change; {@link Long#MAX_VALUE}: not foreseeable. */
    private final long[] changeAt;
    /** The weight an operator set instead of the configured one; negative: the configured one. */
    private final int[] weight;

    private HealthTable(boolean[] down, long[] changeAt, int[] weight) {
        this.down = down;
        this.changeAt = changeAt;
        this.weight = weight;
    }

    /**
     * Reads every endpoint's health from {@code view}.
     *
     * @param keys the health keys, each at its endpoint's index
     * @param nowMillis when the view's change bounds are measured from
     */
    public static HealthTable compile(HealthView view, List<String> keys, long nowMillis) {
        return compile(view, keys, nowMillis, key -> -1);
    }

    /**
     * Reads every endpoint's health from {@code view} and its weight from {@code weights}.
     *
     * @param weights the weight in force for a health key instead of the configured one, negative for the configured
     */
    public static HealthTable compile(HealthView view, List<String> keys, long nowMillis,
            ToIntFunction<String> weights) {
        int[] weight = new int[keys.size()];
        boolean[] down = new boolean[keys.size()];
        long[] changeAt = new long[keys.size()];
        for (int i = 0; i < down.length; i++) {
            String key = keys.get(i);
            down[i] = !view.health(key).isUp();
            Duration bound = view.nextChangeBound(key);
            changeAt[i] = bound.compareTo(HEALTH_HORIZON) >= 0 ? Long.MAX_VALUE : nowMillis + bound.toMillis();
            weight[i] = weights.applyAsInt(key);
        }
        return new HealthTable(down, changeAt, weight);
    }

    /** Whether the endpoint may take traffic. */
    public boolean isUp(int index) {
        return index >= down.length || !down[index];
    }

    /** The endpoint's weight: the operator's when one is set, else {@code configured}. */
    public int weight(int index, int configured) {
        return index < weight.length && weight[index] >= 0 ? weight[index] : configured;
    }

    /**
     * Seconds before the endpoint's status may change, or {@link Long#MAX_VALUE} when not foreseeable. Rounded up, so
     * a bound read a few milliseconds after it was compiled gives the same whole seconds as when it was compiled.
     */
    public long secondsToChange(int index, long nowMillis) {
        if (index >= changeAt.length || changeAt[index] == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return (Math.max(0, changeAt[index] - nowMillis) + 999) / 1000;
    }
}
