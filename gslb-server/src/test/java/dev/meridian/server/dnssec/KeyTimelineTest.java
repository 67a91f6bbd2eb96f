package dev.meridian.server.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;

/** Which keys are published and sign at each moment, as their timing says. */
class KeyTimelineTest {
    private static final Name ZONE = Name.fromConstantString("signed.example.");
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant ACTIVATE = NOW.plus(Duration.ofHours(2));
    private static final Instant DELETE = ACTIVATE.plus(Duration.ofDays(1));

    private final ZoneKey ksk = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600);
    private final ZoneKey oldZsk = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, false, 3600)
            .withTiming(KeyTiming.ALWAYS.retire(ACTIVATE, DELETE));
    private final ZoneKey newZsk = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, false, 3600)
            .withTiming(new KeyTiming(NOW, ACTIVATE, Instant.MAX, Instant.MAX));
    private final KeyTimeline timeline = KeyTimeline.of(ZONE, List.of(ksk, oldZsk, newZsk), NOW,
            Duration.ofDays(14), Duration.ofHours(1), false);

    private static Set<Integer> published(ZoneSigner signer) {
        return signer.keys().stream().map(ZoneKey::tag).collect(Collectors.toSet());
    }

    private static int signingTag(ZoneSigner signer, Instant at) throws Exception {
        RRset a = new RRset(new ARecord(Name.fromString("www", ZONE), DClass.IN, 60,
                java.net.InetAddress.getByName("192.0.2.1")));
        List<RRSIGRecord> sigs = signer.sign(a, at).sigs();
        assertEquals(1, sigs.size());
        return sigs.get(0).getFootprint();
    }

    @Test
    void aPrePublishedKeyIsInTheDnskeyRrsetButDoesNotSign() throws Exception {
        ZoneSigner signer = timeline.at(NOW);

        assertEquals(Set.of(ksk.tag(), oldZsk.tag(), newZsk.tag()), published(signer));
        assertEquals(oldZsk.tag(), signingTag(signer, NOW));
    }

    @Test
    void atItsActivationTheNewKeySignsAndTheOldOneStaysPublished() throws Exception {
        ZoneSigner signer = timeline.at(ACTIVATE);

        assertEquals(Set.of(ksk.tag(), oldZsk.tag(), newZsk.tag()), published(signer));
        assertEquals(newZsk.tag(), signingTag(signer, ACTIVATE));
    }

    @Test
    void atItsDeletionTheOldKeyLeavesTheDnskeyRrset() {
        assertEquals(Set.of(ksk.tag(), newZsk.tag()), published(timeline.at(DELETE)));
    }

    @Test
    void everyQueryInOneIntervalGetsTheSameSignerSoTheCacheKeepsHitting() {
        assertSame(timeline.at(NOW.plusSeconds(1)), timeline.at(ACTIVATE.minusSeconds(1)));
        assertSame(timeline.at(ACTIVATE), timeline.at(DELETE.minusSeconds(1)));
    }

    @Test
    void aMomentWithoutAnActiveKeySigningKeyIsFoundAtLoad() {
        Instant end = NOW.plus(Duration.ofDays(3));
        ZoneKey retiring = ksk.withTiming(KeyTiming.ALWAYS.retire(end, end));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyTimeline.of(ZONE, List.of(retiring, newZsk), NOW, Duration.ofDays(14), Duration.ZERO, false));
        assertTrue(e.getMessage().startsWith("at 20261206120000: ") && e.getMessage().contains("no active key-signing"),
                e.getMessage());
    }

    @Test
    void aKeyCannotLeaveTheDnskeyRrsetWhileItStillSigns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KeyTiming(NOW, NOW, Instant.MAX, NOW.plusSeconds(60)));
        assertTrue(e.getMessage().contains("Delete (20261203120100) is before Inactive (never)"), e.getMessage());
    }
}
