package dev.meridian.server.dnssec;

import static dev.meridian.server.dnssec.ZoneSignerTest.NOW;
import static dev.meridian.server.dnssec.ZoneSignerTest.ZONE;
import static dev.meridian.server.dnssec.ZoneSignerTest.a;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.RRset;

/** The bounded cache of signed RRsets. */
class SignatureCacheTest {
    private final ZoneSigner signer = new ZoneSigner(ZONE,
            List.of(ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600)), Duration.ofDays(14),
            Duration.ofHours(1));

    @Test
    void askingForTheSameRRsetAgainIsALookupNotASignature() throws Exception {
        SignatureCache cache = new SignatureCache(64, Duration.ofDays(1));

        RRset first = cache.signed(a("www", 300, "192.0.2.1"), signer, NOW);
        RRset second = cache.signed(a("www", 300, "192.0.2.1"), signer, NOW.plusSeconds(60));

        assertSame(first, second);
        assertEquals(1, cache.signedCount());
        assertEquals(1, cache.hitCount());
    }

    @Test
    void theSameDataWithAnotherTtlIsSignedForThatTtl() throws Exception {
        SignatureCache cache = new SignatureCache(64, Duration.ofDays(1));

        cache.signed(a("www", 300, "192.0.2.1"), signer, NOW);
        RRset shorter = cache.signed(a("www", 30, "192.0.2.1"), signer, NOW);

        assertEquals(30, shorter.sigs().get(0).getOrigTTL());
        assertEquals(2, cache.signedCount());
    }

    @Test
    void theCacheNeverHoldsMoreThanItsCapacity() throws Exception {
        SignatureCache cache = new SignatureCache(50, Duration.ofDays(1));

        for (int i = 0; i < 1000; i++) {
            cache.signed(a("n" + i, 300, "192.0.2." + (i % 250)), signer, NOW);
        }

        assertEquals(64, cache.capacity());
        assertTrue(cache.size() <= 64, "size " + cache.size());
    }

    @Test
    void fourWaysPerBucketKeepMoreRRsetsThanOneSlotWould() throws Exception {
        SignatureCache cache = new SignatureCache(64, Duration.ofDays(1));
        for (int i = 0; i < 32; i++) {
            cache.signed(a("n" + i, 300, "192.0.2." + i), signer, NOW);
        }

        for (int i = 0; i < 32; i++) {
            cache.signed(a("n" + i, 300, "192.0.2." + i), signer, NOW);
        }

        // With only one slot each, every RRset that shares it with a later one is evicted: 23 of these 32 would stay.
        assertTrue(cache.hitCount() >= 27, cache.hitCount() + " hits of 32");
    }

    @Test
    void namesAskedInTurnFillingAFifthOfTheCacheAreSignedOnce() throws Exception {
        SignatureCache cache = new SignatureCache(16_384, Duration.ofDays(1));
        int names = 3_000;

        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < names; i++) {
                cache.signed(a("nx-" + i, 60, "192.0.2.1"), signer, NOW);
            }
        }

        // With two ways per bucket about 4 % of newcomers find both taken and evict each other in every round: 333
        // signatures more over these four rounds (6 with four ways).
        assertTrue(cache.signedCount() <= names + names / 100, cache.signedCount() + " signatures for " + names);
    }

    @Test
    void aSignatureOlderThanTheRefreshAgeIsMadeAgain() throws Exception {
        SignatureCache cache = new SignatureCache(64, Duration.ofDays(1));
        RRset first = cache.signed(a("www", 300, "192.0.2.1"), signer, NOW);

        RRset later = cache.signed(a("www", 300, "192.0.2.1"), signer, NOW.plus(Duration.ofDays(1)));

        assertEquals(NOW.plus(Duration.ofDays(1)).minus(Duration.ofHours(1)), later.sigs().get(0).getTimeSigned());
        assertTrue(first != later);
    }

    @Test
    void refreshSignsAgainWhatIsDueAndLeavesTheRest() throws Exception {
        SignatureCache cache = new SignatureCache(64, Duration.ofDays(1));
        cache.signed(a("old", 300, "192.0.2.1"), signer, NOW);
        cache.signed(a("new", 300, "192.0.2.2"), signer, NOW.plus(Duration.ofHours(20)));

        cache.refresh(NOW.plus(Duration.ofHours(25)), s -> s == signer);

        assertEquals(3, cache.signedCount());
        RRset old = cache.signed(a("old", 300, "192.0.2.1"), signer, NOW.plus(Duration.ofHours(25)));
        assertEquals(NOW.plus(Duration.ofHours(24)), old.sigs().get(0).getTimeSigned());
        assertEquals(3, cache.signedCount());
    }

    @Test
    void refreshDropsWhatASignerNoLongerServingSignedWithoutSigningItAgain() throws Exception {
        SignatureCache cache = new SignatureCache(64, Duration.ofDays(1));
        cache.signed(a("www", 300, "192.0.2.1"), signer, NOW);

        cache.refresh(NOW.plus(Duration.ofHours(25)), s -> false);

        assertEquals(1, cache.signedCount());
        assertEquals(0, cache.size());
    }
}
