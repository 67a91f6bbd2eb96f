package dev.meridian.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code meridian_health_vantage_last_heard_age_seconds{vantage}}: how long ago this node last heard each vantage (a
 * vote batch or a heartbeat of its agent), so a lost agent shows on every node it no longer reaches, and how long ago
 * it last published is read off the nodes. One series per vantage the node still lists: vantages are few (one per
 * agent), and one the aggregator has forgotten stops being reported.
 */
final class VantageMetrics {
    private final MultiGauge ages;
    private final Supplier<Map<String, Instant>> lastHeard;
    private final Clock clock;

    VantageMetrics(MeterRegistry registry, Supplier<Map<String, Instant>> lastHeard, Clock clock) {
        this.lastHeard = Objects.requireNonNull(lastHeard, "lastHeard");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ages = MultiGauge.builder("meridian.health.vantage.last.heard.age")
                .description("Time since this node last heard the vantage (a vote batch or a heartbeat)")
                .baseUnit("seconds").register(registry);
    }

    /**
     * Brings the series in line with the vantages listed now: new ones added, forgotten ones removed. Scrapes may
     * run side by side; one at a time replaces the rows, so none sees a half-replaced set.
     */
    synchronized void refresh() {
        // Overwrite: the rows given are the whole set, so a vantage no longer listed loses its series.
        ages.register(lastHeard.get().entrySet().stream().map(e -> MultiGauge.Row.of(Tags.of("vantage", e.getKey()),
                e.getValue(), this::age)).toList(), true);
    }

    private double age(Instant heard) {
        return Math.max(0, Duration.between(heard, clock.instant()).toMillis() / 1000.0);
    }
}
