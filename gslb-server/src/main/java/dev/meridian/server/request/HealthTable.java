package dev.meridian.server.request;

import dev.meridian.probes.health.EndpointHealth;
import dev.meridian.probes.health.HealthView;
import java.time.Duration;
import java.util.List;

/**
 * Endpoint health as the query path reads it: one array slot per endpoint index, compiled off the query path from
 * the layered health view each time health or configuration changes. An index beyond the table is an endpoint the
 * table was compiled before; it counts as up with no foreseeable change, as an endpoint no vantage has seen does.
 */
public final class HealthTable {
    /** Every endpoint up, no change foreseeable. */
    public static final HealthTable ALL_UP = new HealthTable(new boolean[0], new boolean[0], new long[0], new int[0],
            new long[0], new long[0]);

    /** Bounds this far away are no bound: far beyond any TTL, and safe from overflow. */
    private static final Duration HEALTH_HORIZON = Duration.ofDays(365);

    private final boolean[] down;
    /** Whether the endpoint's status rests on observations too old to trust (no fresh votes). */
    private final boolean[] stale;
    /** Epoch milliseconds before which the endpoint's status cannot change; {@link Long#MAX_VALUE}: not foreseeable. */
    private final long[] changeAt;
    /** The weight an operator set instead of the configured one; negative: the configured one. */
    private final int[] weight;
    /** A slow start's ramp, epoch milliseconds; an end not after the start: none. */
    private final long[] rampStart;
    private final long[] rampEnd;
    /** Whether any endpoint has a slow start at all, so the query path skips pacing (and the clock) when none does. */
    private final boolean ramps;

    private HealthTable(boolean[] down, boolean[] stale, long[] changeAt, int[] weight, long[] rampStart,
            long[] rampEnd) {
        this.down = down;
        this.stale = stale;
        this.changeAt = changeAt;
        this.weight = weight;
        this.rampStart = rampStart;
        this.rampEnd = rampEnd;
        boolean any = false;
        for (int i = 0; i < rampEnd.length; i++) {
            any |= rampEnd[i] > rampStart[i];
        }
        this.ramps = any;
    }

    /** Whether some endpoint was ramping up when the table was compiled (its ramp may have ended since). */
    public boolean hasRamps() {
        return ramps;
    }

    /**
     * Reads every endpoint's health from {@code view}.
     *
     * @param keys the health keys, each at its endpoint's index
     * @param nowMillis when the view's change bounds are measured from
     */
    public static HealthTable compile(HealthView view, List<String> keys, long nowMillis) {
        return compile(view, keys, nowMillis, EndpointLayer.NONE);
    }

    /** Reads every endpoint's health from {@code view}, and its weight and slow start from {@code layer}. */
    public static HealthTable compile(HealthView view, List<String> keys, long nowMillis, EndpointLayer layer) {
        int[] weight = new int[keys.size()];
        long[] rampStart = new long[keys.size()];
        long[] rampEnd = new long[keys.size()];
        boolean[] down = new boolean[keys.size()];
        boolean[] stale = new boolean[keys.size()];
        long[] changeAt = new long[keys.size()];
        for (int i = 0; i < down.length; i++) {
            String key = keys.get(i);
            EndpointHealth health = view.health(key);
            down[i] = !health.isUp();
            stale[i] = health.stale();
            Duration bound = view.nextChangeBound(key);
            changeAt[i] = bound.compareTo(HEALTH_HORIZON) >= 0 ? Long.MAX_VALUE : nowMillis + bound.toMillis();
            weight[i] = layer.weight(key);
            rampStart[i] = layer.rampStartMillis(key);
            rampEnd[i] = layer.rampEndMillis(key);
        }
        return new HealthTable(down, stale, changeAt, weight, rampStart, rampEnd);
    }

    /** Whether the endpoint may take traffic. */
    public boolean isUp(int index) {
        return index >= down.length || !down[index];
    }

    /** Whether the endpoint's status is held on old information: no vantage has confirmed it lately. */
    public boolean isStale(int index) {
        return index < stale.length && stale[index];
    }

    /** The endpoint's weight: the operator's when one is set, else {@code configured}. */
    public int weight(int index, int configured) {
        return index < weight.length && weight[index] >= 0 ? weight[index] : configured;
    }

    /**
     * How far along its slow start the endpoint is, from 0 when its ramp begins to 1 at its end; 1 when it is not
     * ramping. Weighted and hash steps scale its weight by it; steps that pick one region keep it for this share of
     * the client networks it would win.
     */
    public double rampFraction(int index, long nowMillis) {
        if (index >= rampEnd.length || rampEnd[index] <= rampStart[index] || nowMillis >= rampEnd[index]) {
            return 1;
        }
        return Math.max(0, (double) (nowMillis - rampStart[index]) / (rampEnd[index] - rampStart[index]));
    }

    /** Whether a change of the endpoint's status is foreseen: else {@link #secondsToChange} needs no clock. */
    public boolean changeForeseen(int index) {
        return index < changeAt.length && changeAt[index] != Long.MAX_VALUE;
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
