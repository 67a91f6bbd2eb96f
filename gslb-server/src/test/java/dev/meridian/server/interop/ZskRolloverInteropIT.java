package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.health.TestClock;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.dnssec.DnssecCommand;
import dev.meridian.server.dnssec.DnssecOptions;
import dev.meridian.server.dnssec.KeyAlgorithm;
import dev.meridian.server.dnssec.KeyFiles;
import dev.meridian.server.dnssec.ZoneKey;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A ZSK rollover by pre-publication, planned by {@code dnssec rollover-zsk} in the key files and carried out by the
 * server on the clock the test moves: at each step BIND's {@code delv} validates a static answer, a GSLB answer and a
 * denial from the DS alone, and the step's answers also verify with the DNSKEY RRset of the step before, which is
 * what a resolver still holds in its cache, so no resolver sees a bogus answer at any moment of the rollover.
 *
 * <p>The server signs with the test's clock, and {@code delv} checks signature times with the real one, so the
 * signatures are dated back ({@code inception-offset}) further than the test moves its clock forward.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ZskRolloverInteropIT {
    private static final InetAddress V4 = MeridianProcess.literal("127.0.0.1");
    private static final String ZONE = "gslb.example.";
    private static final Name ORIGIN = Name.fromConstantString(ZONE);
    private static final String SECURE = "\n; fully validated\n";
    private static final String SECURE_DENIAL = "\n; negative response, fully validated\n";
    private static final Duration PROPAGATION = Duration.ofHours(1);
    private static final Duration MAX_TTL = Duration.ofDays(1);
    private static final Duration DNSKEY_TTL = Duration.ofHours(1);

    @TempDir
    Path dir;

    private Path keys;
    private Path anchors;
    private ZoneKey ksk;
    private ZoneKey oldZsk;
    private ZoneKey newZsk;
    private TestClock clock;
    private MeridianServer server;

    @BeforeEach
    void planTheRolloverAndServe() throws Exception {
        keys = dir.resolve("keys");
        ksk = ZoneKey.generate(ORIGIN, KeyAlgorithm.ECDSAP256SHA256, true, DNSKEY_TTL.toSeconds());
        oldZsk = ZoneKey.generate(ORIGIN, KeyAlgorithm.ECDSAP256SHA256, false, DNSKEY_TTL.toSeconds());
        KeyFiles.write(keys, ksk);
        KeyFiles.write(keys, oldZsk);
        anchors = Delv.anchors(dir.resolve("anchors.conf"), DnssecCommand.ds(ksk).toString());

        MeridianProcess.Exit rollover = MeridianProcess.run(dir, Duration.ofSeconds(60), "dnssec", "rollover-zsk",
                ZONE, "--dir", keys.toString(), "--propagation", PROPAGATION.toString(), "--max-ttl",
                MAX_TTL.toString());
        assertEquals(0, rollover.code(), String.join("\n", rollover.stderr()));
        List<ZoneKey> planned = KeyFiles.read(keys).get(ORIGIN);
        assertEquals(3, planned.size(), planned::toString);
        newZsk = planned.stream().filter(k -> !k.entryPoint() && k.tag() != oldZsk.tag()).findFirst().orElseThrow();
        oldZsk = planned.stream().filter(k -> k.tag() == oldZsk.tag()).findFirst().orElseThrow();

        clock = new TestClock(Instant.now());
        DnssecOptions signing = new DnssecOptions(keys, Duration.ofDays(14), Duration.ofDays(1), Duration.ofDays(10),
                1024, Duration.ZERO, false);
        Path root = MeridianProcess.root();
        server = MeridianServer.start(ConfigSource.fixed(new ServerConfig(
                List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), root.resolve("zones"), "rolling",
                TcpLimits.DEFAULT, List.of(root.resolve("geo-data/demo-city.mmdb")), TestServer.health(dir))
                .withDnssec(signing)), false, clock);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theNewZskIsPublishedBeforeItSigns() throws Exception {
        assertEquals(Set.of(ksk.tag(), oldZsk.tag(), newZsk.tag()), tags(dnskeys()));
        assertEquals(oldZsk.tag(), signer("mail.gslb.example.", Type.A));
        assertValidates();
    }

    @Test
    void signaturesSwitchToTheNewZskOnceTheDnskeyTtlAndPropagationHavePassed() throws Exception {
        RRset cachedKeys = dnskeys();
        assertEquals(DNSKEY_TTL.plus(PROPAGATION),
                Duration.between(newZsk.timing().publish(), newZsk.timing().activate()));
        clock.advance(Duration.between(clock.instant(), newZsk.timing().activate()).plusSeconds(1));

        assertEquals(newZsk.tag(), signer("mail.gslb.example.", Type.A));
        assertEquals(Set.of(ksk.tag(), oldZsk.tag(), newZsk.tag()), tags(dnskeys()));
        assertVerifiesWith(signed("mail.gslb.example.", Type.A), cachedKeys);
        assertVerifiesWith(signed("www.gslb.example.", Type.A), cachedKeys);
        assertValidates();
    }

    @Test
    void theOldZskIsRemovedOnceItsSignaturesHaveExpiredFromCaches() throws Exception {
        clock.advance(Duration.between(clock.instant(), newZsk.timing().activate()).plusSeconds(1));
        RRset cachedAnswer = signed("mail.gslb.example.", Type.A);
        assertEquals(MAX_TTL.plus(PROPAGATION),
                Duration.between(oldZsk.timing().inactive(), oldZsk.timing().delete()));
        clock.advance(Duration.between(clock.instant(), oldZsk.timing().delete()).plusSeconds(1));

        RRset keysNow = dnskeys();
        assertEquals(Set.of(ksk.tag(), newZsk.tag()), tags(keysNow));
        assertVerifiesWith(cachedAnswer, keysNow);
        assertValidates();
    }

    /** delv, trusting only the KSK's DS, validates a static answer, a GSLB answer and a denial. */
    private void assertValidates() throws Exception {
        int port = server.boundAddresses().get(0).getPort();
        String mail = Delv.query(V4, port, anchors, ZONE, "mail.gslb.example.", "A");
        String www = Delv.query(V4, port, anchors, ZONE, "www.gslb.example.", "A");
        String nowhere = Delv.query(V4, port, anchors, ZONE, "nowhere.gslb.example.", "A");
        assertTrue(mail.contains(SECURE), mail);
        assertTrue(www.contains(SECURE), www);
        assertTrue(nowhere.contains(SECURE_DENIAL), nowhere);
    }

    /** Each RRSIG of {@code set} verifies with a key of {@code dnskeys}, as a resolver holding both checks it. */
    private static void assertVerifiesWith(RRset set, RRset dnskeys) throws DNSSEC.DNSSECException {
        assertTrue(!set.sigs().isEmpty(), () -> "unsigned: " + set);
        for (RRSIGRecord sig : set.sigs()) {
            DNSKEYRecord key = dnskeys.rrs(false).stream().map(DNSKEYRecord.class::cast)
                    .filter(k -> k.getFootprint() == sig.getFootprint()).findFirst()
                    .orElseThrow(() -> new AssertionError("key " + sig.getFootprint() + " not in " + dnskeys));
            // Signature times are checked against the real clock, as a resolver checks them.
            DNSSEC.verify(set, sig, key);
        }
    }

    private RRset dnskeys() throws Exception {
        return signed(ZONE, Type.DNSKEY);
    }

    private int signer(String name, int type) throws Exception {
        RRset set = signed(name, type);
        assertEquals(1, set.sigs().size(), set::toString);
        return set.sigs().get(0).getFootprint();
    }

    /** The first RRset of the answer to {@code name type} with DO, straight from the server. */
    private RRset signed(String name, int type) throws Exception {
        Message query = TestServer.newQuery(name, type);
        query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(V4,
                server.boundAddresses().get(0).getPort()));
        resolver.setTimeout(Duration.ofSeconds(5));
        Message reply = resolver.send(query);
        List<RRset> answer = reply.getSectionRRsets(Section.ANSWER);
        assertEquals(1, answer.size(), reply::toString);
        return answer.get(0);
    }

    private static Set<Integer> tags(RRset dnskeys) {
        return dnskeys.rrs(false).stream().map(r -> ((DNSKEYRecord) r).getFootprint()).collect(Collectors.toSet());
    }
}
