package dev.meridian.server.dnssec;

import static dev.meridian.server.dnssec.ZoneSignerTest.NOW;
import static dev.meridian.server.dnssec.ZoneSignerTest.ZONE;
import static dev.meridian.server.dnssec.ZoneSignerTest.a;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.metrics.ServerMetrics;
import java.time.Clock;
import java.time.Duration;
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
}
