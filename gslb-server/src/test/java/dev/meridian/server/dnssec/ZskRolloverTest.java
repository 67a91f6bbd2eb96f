package dev.meridian.server.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** A ZSK rollover by pre-publication, planned as key timing (RFC 6781 section 4.1.1.1). */
class ZskRolloverTest {
    private static final Name ZONE = Name.fromConstantString("signed.example.");
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration PROPAGATION = Duration.ofMinutes(30);
    private static final Duration MAX_TTL = Duration.ofHours(6);

    private final ZoneKey ksk = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 7200);
    private final ZoneKey zsk = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, false, 7200);

    @Test
    void theNewKeyIsPublishedNowAndSignsAfterTheDnskeyTtlPlusPropagation() {
        ZskRollover plan = ZskRollover.plan(ZONE, List.of(ksk, zsk), NOW, PROPAGATION, MAX_TTL);

        assertEquals(NOW, plan.next().timing().publish());
        assertEquals(NOW.plus(Duration.ofHours(2)).plus(PROPAGATION), plan.next().timing().activate());
        assertFalse(plan.next().entryPoint());
        assertEquals(7200, plan.next().dnskey().getTTL());
    }

    @Test
    void theOldKeyStopsSigningThenAndIsRemovedAfterTheLargestTtlPlusPropagation() {
        ZskRollover plan = ZskRollover.plan(ZONE, List.of(ksk, zsk), NOW, PROPAGATION, MAX_TTL);

        ZoneKey old = plan.retired().get(0);
        assertEquals(zsk.dnskey(), old.dnskey());
        assertEquals(plan.next().timing().activate(), old.timing().inactive());
        assertEquals(old.timing().inactive().plus(MAX_TTL).plus(PROPAGATION), old.timing().delete());
    }

    @Test
    void aCombinedKeyIsNotRolledByPrePublication() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZskRollover.plan(ZONE, List.of(ksk), NOW, PROPAGATION, MAX_TTL));
        assertTrue(e.getMessage().contains("no zone-signing key that signs now"), e.getMessage());
    }

    @Test
    void aRolloverAlreadyPlannedRunsToItsEndFirst() {
        ZskRollover first = ZskRollover.plan(ZONE, List.of(ksk, zsk), NOW, PROPAGATION, MAX_TTL);
        List<ZoneKey> planned = first.keysAfter(List.of(ksk, zsk));

        assertThrows(IllegalArgumentException.class,
                () -> ZskRollover.plan(ZONE, planned, NOW.plusSeconds(60), PROPAGATION, MAX_TTL));
    }
}
