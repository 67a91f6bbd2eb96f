package dev.meridian.probes.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Smoothed round-trip time (gain 1/8) and the 95th percentile over a bounded window. */
class RttStatsTest {

    static Stream<Arguments> samples() {
        return Stream.of(
                // samples, window, smoothed, p95
                Arguments.of(new double[] {40}, 64, 40.0, 40.0),
                Arguments.of(new double[] {100, 180}, 64, 110.0, 180.0),
                Arguments.of(new double[] {100, 20}, 64, 90.0, 100.0),
                Arguments.of(new double[] {100, 100, 100, 100}, 64, 100.0, 100.0),
                // 1..100 through a window of 64 keeps 37..100; nearest rank ceil(0.95 * 64) = 61 is 97.
                Arguments.of(IntStream.rangeClosed(1, 100).asDoubleStream().toArray(), 64,
                        srtt(IntStream.rangeClosed(1, 100).asDoubleStream()), 97.0),
                // 20 samples: rank ceil(0.95 * 20) = 19, so one outlier in 20 is above the p95.
                Arguments.of(DoubleStream.concat(DoubleStream.generate(() -> 10).limit(19), DoubleStream.of(500))
                        .toArray(), 64, srtt(DoubleStream.concat(DoubleStream.generate(() -> 10).limit(19),
                        DoubleStream.of(500))), 10.0),
                // An old spike leaves the window after `window` newer samples.
                Arguments.of(new double[] {900, 5, 5, 5}, 3, srtt(DoubleStream.of(900, 5, 5, 5)), 5.0));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void samplesGiveTheExpectedStatistics(double[] samples, int window, double smoothed, double p95) {
        RttStats stats = new RttStats(window);
        for (double sample : samples) {
            stats.add(sample);
        }

        assertEquals(smoothed, stats.smoothedMillis(), 1e-9);
        assertEquals(p95, stats.p95Millis(), 1e-9);
    }

    @Test
    void noSamplesGiveNaN() {
        RttStats stats = new RttStats();

        assertTrue(Double.isNaN(stats.smoothedMillis()));
        assertTrue(Double.isNaN(stats.p95Millis()));
    }

    @Test
    void impossibleSamplesAreRejected() {
        RttStats stats = new RttStats();

        assertThrows(IllegalArgumentException.class, () -> stats.add(-1));
        assertThrows(IllegalArgumentException.class, () -> stats.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> stats.add(Double.POSITIVE_INFINITY));
    }

    /** The reference SRTT: the first sample, then srtt += (sample - srtt) / 8. */
    private static double srtt(DoubleStream samples) {
        double[] all = samples.toArray();
        double value = all[0];
        for (int i = 1; i < all.length; i++) {
            value += (all[i] - value) / 8;
        }
        return value;
    }
}
