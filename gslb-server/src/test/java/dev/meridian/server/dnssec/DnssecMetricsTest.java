package dev.meridian.server.dnssec;

import static dev.meridian.server.dnssec.ZoneSignerTest.NOW;
import static dev.meridian.server.dnssec.ZoneSignerTest.ZONE;
import static dev.meridian.server.dnssec.ZoneSignerTest.a;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.metrics.ServerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the signing stage tells Prometheus. */
class DnssecMetricsTest {
    @Test
    void signaturesMadeAndCacheHitsAreCounted() throws Exception {
        ZoneSigner signer = new ZoneSigner(ZONE,
                List.of(ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600)), Duration.ofDays(14),
                Duration.ofHours(1));
        SigningStage stage = new SigningStage(Map.of(ZONE, signer), new SignatureCache(64, Duration.ofDays(1)),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO);
        try (ServerMetrics metrics = new ServerMetrics()) {
            metrics.dnssec(stage);
            stage.cache().signed(a("www", 300, "192.0.2.1"), signer, NOW);
            stage.cache().signed(a("www", 300, "192.0.2.1"), signer, NOW);
            stage.cache().signed(a("www", 300, "192.0.2.1"), signer, NOW);

            String text = metrics.scrape();

            assertTrue(text.contains("meridian_dnssec_signed_total 1.0"), text);
            assertTrue(text.contains("meridian_dnssec_cache_hits_total 2.0"), text);
            assertTrue(text.contains("meridian_dnssec_signing_seconds_total"), text);
            assertTrue(text.contains("meridian_dnssec_over_budget_total 0.0"), text);
            // Signed at NOW for the default validity of the signer: 14 days.
            assertTrue(text.contains("meridian_dnssec_earliest_expiry_seconds "
                    + (double) NOW.plus(Duration.ofDays(14)).getEpochSecond()), text);
        }
    }

    /** The scrape of a node signing {@link ZoneSignerTest#ZONE} with {@code keys}, at {@code NOW}. */
    private static String scrape(ZoneKey... keys) {
        ZoneSigner signer = new ZoneSigner(ZONE, List.of(keys), Duration.ofDays(14), Duration.ofHours(1));
        SigningStage stage = new SigningStage(Map.of(ZONE, signer), new SignatureCache(64, Duration.ofDays(1)),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO);
        try (ServerMetrics metrics = new ServerMetrics()) {
            metrics.dnssec(stage);
            return metrics.scrape();
        }
    }

    private static ZoneKey key(boolean entryPoint, KeyTiming timing) {
        return ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, entryPoint, 3600).withTiming(timing);
    }

    @Test
    void aKeysAgeCountsFromItsPublishTime() {
        ZoneKey ksk = key(true, new KeyTiming(NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofHours(1)),
                Instant.MAX, Instant.MAX));

        String text = scrape(ksk, key(false, KeyTiming.ALWAYS));

        assertTrue(text.contains("meridian_dnssec_key_age_seconds{role=\"KSK\",tag=\"" + ksk.tag()
                + "\",zone=\"signed.example.\"} 3600.0"), text);
    }

    @Test
    void aKeyWithoutTimingHasNoKnownAge() {
        ZoneKey csk = key(true, KeyTiming.ALWAYS);

        String text = scrape(csk);

        assertTrue(text.contains("meridian_dnssec_key_age_seconds{role=\"CSK\",tag=\"" + csk.tag()
                + "\",zone=\"signed.example.\"} NaN"), text);
    }

    @Test
    void theNextEventIsTheTimeToTheKeysNextTimingChange() {
        ZoneKey zsk = key(false, new KeyTiming(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(2)),
                Instant.MAX, Instant.MAX));

        String text = scrape(key(true, KeyTiming.ALWAYS), zsk);

        assertTrue(text.contains("meridian_dnssec_key_next_event_seconds{tag=\"" + zsk.tag()
                + "\",zone=\"signed.example.\"} 7200.0"), text);
    }

    @Test
    void aKeyWithNoEventAheadHasNoNextEvent() {
        ZoneKey csk = key(true, KeyTiming.ALWAYS);

        String text = scrape(csk);

        assertTrue(text.contains("meridian_dnssec_key_next_event_seconds{tag=\"" + csk.tag()
                + "\",zone=\"signed.example.\"} NaN"), text);
    }
}
