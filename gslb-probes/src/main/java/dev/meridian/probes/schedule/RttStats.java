package dev.meridian.probes.schedule;

import java.util.Arrays;

/**
 * Round-trip statistics of one endpoint's successful checks: a smoothed value that follows trends without jumping
 * on one slow answer, and a high percentile that shows the tail the smoothed value hides.
 *
 * <p>The smoothed value is TCP's SRTT (RFC 6298): the first sample as is, then an exponentially weighted moving
 * average with gain 1/8. The 95th percentile is the nearest-rank value over the last {@value #DEFAULT_WINDOW}
 * samples, so old samples stop counting once the window has moved past them.
 *
 * <p>Not thread-safe: one instance belongs to one scheduled target.
 */
public final class RttStats {
    /** How many recent samples the percentile is taken over. */
    public static final int DEFAULT_WINDOW = 64;

    private static final double GAIN = 1.0 / 8;

    private final double[] window;
    private int count;
    private int next;
    private double smoothed = Double.NaN;

    public RttStats() {
        this(DEFAULT_WINDOW);
    }

    public RttStats(int windowSize) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be at least 1");
        }
        this.window = new double[windowSize];
    }

    /** Adds one round-trip time, in milliseconds. */
    public void add(double rttMillis) {
        if (!(rttMillis >= 0) || Double.isInfinite(rttMillis)) {
            throw new IllegalArgumentException("round-trip time must be a finite, non-negative number: " + rttMillis);
        }
        smoothed = Double.isNaN(smoothed) ? rttMillis : smoothed + GAIN * (rttMillis - smoothed);
        window[next] = rttMillis;
        next = (next + 1) % window.length;
        count = Math.min(count + 1, window.length);
    }

    /** The smoothed round-trip time in milliseconds, NaN before the first sample. */
    public double smoothedMillis() {
        return smoothed;
    }

    /** The 95th percentile of the recent round-trip times in milliseconds, NaN before the first sample. */
    public double p95Millis() {
        if (count == 0) {
            return Double.NaN;
        }
        double[] recent = Arrays.copyOf(window, count);
        Arrays.sort(recent);
        int rank = (int) Math.ceil(0.95 * count);
        return recent[rank - 1];
    }
}
