package dev.meridian.server.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CDSRecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/** Which key signs what, and for how long. */
class ZoneSignerTest {
    static final Name ZONE = Name.fromConstantString("signed.example.");
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    static RRset a(String name, long ttl, String address) throws Exception {
        return new RRset(new ARecord(new Name(name, ZONE), DClass.IN, ttl, InetAddress.getByName(address)));
    }

    @Test
    void signaturesAreValidFromTheBackdatedInceptionForTheValidity() throws Exception {
        ZoneKey key = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600);
        ZoneSigner signer = new ZoneSigner(ZONE, List.of(key), Duration.ofDays(14), Duration.ofHours(1));

        RRSIGRecord sig = signer.sign(a("www", 300, "192.0.2.1"), NOW).sigs().get(0);

        assertEquals(NOW.minus(Duration.ofHours(1)), sig.getTimeSigned());
        assertEquals(NOW.plus(Duration.ofDays(14)), sig.getExpire());
        assertEquals(300, sig.getOrigTTL());
        DNSSEC.verify(a("www", 300, "192.0.2.1"), sig, key.dnskey(), NOW.minus(Duration.ofMinutes(59)));
    }

    @Test
    void aSignatureIsRejectedAfterItExpires() throws Exception {
        ZoneKey key = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600);
        ZoneSigner signer = new ZoneSigner(ZONE, List.of(key), Duration.ofDays(14), Duration.ofHours(1));
        RRset www = a("www", 300, "192.0.2.1");

        RRSIGRecord sig = signer.sign(www, NOW).sigs().get(0);

        assertThrows(DNSSEC.SignatureExpiredException.class,
                () -> DNSSEC.verify(www, sig, key.dnskey(), NOW.plus(Duration.ofDays(15))));
    }

    @Test
    void withAPairTheKeySigningKeySignsTheDnskeyRRsetAndTheZoneSigningKeyTheRest() throws Exception {
        ZoneKey ksk = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600);
        ZoneKey zsk = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, false, 3600);
        ZoneSigner signer = new ZoneSigner(ZONE, List.of(ksk, zsk), Duration.ofDays(14), Duration.ofHours(1));

        RRset keys = signer.sign(signer.dnskeys(), NOW);
        RRset www = signer.sign(a("www", 300, "192.0.2.1"), NOW);

        assertEquals(List.of(ksk.tag()), keys.sigs().stream().map(RRSIGRecord::getFootprint).toList());
        assertEquals(List.of(zsk.tag()), www.sigs().stream().map(RRSIGRecord::getFootprint).toList());
        assertEquals(2, keys.size());
    }

    @Test
    void publishedCdsAndCdnskeyNameTheKeySigningKeyAndAreSignedByIt() throws Exception {
        ZoneKey ksk = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600);
        ZoneKey zsk = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, false, 3600);
        ZoneSigner signer = new ZoneSigner(ZONE, List.of(ksk, zsk), Duration.ofDays(14), Duration.ofHours(1), true);

        RRset cds = signer.sign(signer.apexRRset(Type.CDS), NOW);
        RRset cdnskey = signer.sign(signer.apexRRset(Type.CDNSKEY), NOW);

        assertEquals(1, cds.size());
        assertEquals(ksk.tag(), ((CDSRecord) cds.first()).getFootprint());
        assertEquals(List.of(ksk.tag()), cds.sigs().stream().map(RRSIGRecord::getFootprint).toList());
        assertEquals(List.of(ksk.tag()), cdnskey.sigs().stream().map(RRSIGRecord::getFootprint).toList());
    }

    @Test
    void aZoneWithoutAKeySigningKeyIsRefused() {
        ZoneKey zsk = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, false, 3600);

        assertThrows(IllegalArgumentException.class,
                () -> new ZoneSigner(ZONE, List.of(zsk), Duration.ofDays(14), Duration.ofHours(1)));
    }
}
