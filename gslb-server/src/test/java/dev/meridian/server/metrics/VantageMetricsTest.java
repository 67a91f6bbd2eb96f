package dev.meridian.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meridian.server.testing.Garbage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a scrape says about the vantages a node hears and about its stale endpoints. */
class VantageMetricsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String EU = "meridian_health_vantage_last_heard_age_seconds{vantage=\"eu/agent-1\"}";
    private static final String US = "meridian_health_vantage_last_heard_age_seconds{vantage=\"us/agent-2\"}";

    private final ServerMetrics metrics = new ServerMetrics();
    private final AtomicReference<Map<String, Instant>> heard = new AtomicReference<>(Map.of());
    private final AtomicLong transitions = new AtomicLong();
    private final AtomicLong expirations = new AtomicLong();

    @AfterEach
    void close() {
        metrics.close();
    }

    private void bind() {
        metrics.health(heard::get, transitions::get, expirations::get, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** The series' value in the scrape, or NaN when the scrape does not have it. */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.Ee+-]+|NaN)$", Pattern.MULTILINE)
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void eachVantageIsASeriesOfTheSecondsSinceItWasLastHeard() {
        heard.set(Map.of("eu/agent-1", NOW.minusMillis(12_500), "us/agent-2", NOW.minusSeconds(1)));
        bind();
        Garbage.collect();
        String text = metrics.scrape();
        assertEquals(12.5, value(text, EU), text);
        assertEquals(1, value(text, US), text);
    }

    @Test
    void aVantageTheNodeNoLongerListsIsNoLongerReported() {
        heard.set(Map.of("eu/agent-1", NOW.minusSeconds(3), "us/agent-2", NOW.minusSeconds(1)));
        bind();
        assertEquals(3, value(metrics.scrape(), EU));

        heard.set(Map.of("us/agent-2", NOW.minusSeconds(2)));
        String text = metrics.scrape();

        assertFalse(text.contains("eu/agent-1"), text);
        assertEquals(2, value(text, US), text);
    }

    @Test
    void staleTransitionsAndExpirationsAreCountersReadAtEachScrape() {
        bind();
        transitions.set(4);
        expirations.set(1);
        Garbage.collect();
        String text = metrics.scrape();
        assertEquals(4, value(text, "meridian_health_stale_transitions_total"), text);
        assertEquals(1, value(text, "meridian_health_stale_expirations_total"), text);
    }
}
