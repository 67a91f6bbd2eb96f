package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The example zone signed by the packaged server with a key made by {@code dnssec keygen}, validated from the DS that
 * {@code dnssec ds} prints by BIND's {@code delv} and by {@code unbound} as a resolver passing its clients' subnets
 * on (ECS): static data, the GSLB answer of clients in two regions, a CNAME chain into a GSLB name, both kinds of
 * compact denial, and the answer after a failover validate as secure; a second node given the same key directory is
 * validated from the same anchor; an answer whose signature was tampered with, or any answer with another key's DS
 * as the anchor, is rejected.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DnssecInteropIT {
    private static final InetAddress V4 = MeridianProcess.literal("127.0.0.1");
    private static final String ZONE = "gslb.example.";
    private static final String SECURE = "\n; fully validated\n";
    private static final String SECURE_DENIAL = "\n; negative response, fully validated\n";

    @TempDir
    static Path work;

    private static MeridianProcess server;
    private static String ds;
    private static Path anchors;
    private static Path config;
    private static Unbound resolver;

    @BeforeAll
    static void start() throws Exception {
        Path keys = work.resolve("keys");
        MeridianProcess.keygen(work, ZONE, keys);
        ds = ds(keys);
        anchors = Delv.anchors(work.resolve("anchors.conf"), ds);
        // No embedded agent: the example policy checks the demo's stand-ins, which do not run here, and their
        // verdicts would change the GSLB answers while the tests run; unknown endpoints are answered as up.
        config = Files.writeString(work.resolve("signed.yaml"),
                "dnssec:\n  keys: keys\nhealth:\n  embedded-agent: false\n");
        server = MeridianProcess.start(MeridianProcess.root().resolve("zones"), "signer", List.of(V4),
                work.resolve("signer"), "--config", config.toString());
        resolver = Unbound.start(work.resolve("unbound"), V4, ZONE, ds, new InetSocketAddress(V4, server.port()));
    }

    @AfterAll
    static void stop() {
        if (resolver != null) {
            resolver.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String ds(Path keys) throws IOException, InterruptedException {
        MeridianProcess.Exit ds = MeridianProcess.run(work, Duration.ofSeconds(60), "dnssec", "ds", ZONE, "--dir",
                keys.toString());
        assertEquals(0, ds.code(), String.join("\n", ds.stderr()));
        assertEquals(1, ds.stdout().size(), String.join("\n", ds.stdout()));
        return ds.stdout().get(0);
    }

    private static String delv(Path trusted, String name, String type) throws Exception {
        return Delv.query(V4, server.port(), trusted, ZONE, name, type);
    }

    @Test
    void aSecondNodeWithTheSameKeyDirectoryIsValidatedFromTheSameAnchor() throws Exception {
        try (MeridianProcess second = MeridianProcess.start(MeridianProcess.root().resolve("zones"), "signer-2",
                List.of(V4), work.resolve("signer-2"), "--config", config.toString())) {
            String answer = Delv.query(V4, second.port(), anchors, ZONE, "www.gslb.example.", "A");
            String denial = Delv.query(V4, second.port(), anchors, ZONE, "nowhere.gslb.example.", "A");

            assertTrue(answer.contains(SECURE), answer);
            assertTrue(denial.contains(SECURE_DENIAL), denial);
        }
    }

    @Test
    void answersFromTheSecondNodeVerifyWithTheDnskeyRrsetOfTheFirst() throws Exception {
        try (MeridianProcess second = MeridianProcess.start(MeridianProcess.root().resolve("zones"), "signer-3",
                List.of(V4), work.resolve("signer-3"), "--config", config.toString())) {
            RRset firstKeys = signedAnswer(server.port(), ZONE, Type.DNSKEY);
            RRset secondKeys = signedAnswer(second.port(), ZONE, Type.DNSKEY);
            RRset fromSecond = signedAnswer(second.port(), "www.gslb.example.", Type.A);

            assertEquals(firstKeys.rrs(false), secondKeys.rrs(false));
            assertFalse(fromSecond.sigs().isEmpty(), fromSecond::toString);
            // What a resolver does that fetched the keys from one node and the answer from another.
            for (RRSIGRecord sig : fromSecond.sigs()) {
                DNSSEC.verify(fromSecond, sig, (DNSKEYRecord) firstKeys.first());
            }
        }
    }

    /** The first answer RRset to {@code name type} with DO, straight from the node at {@code port}. */
    private static RRset signedAnswer(int port, String name, int type) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        SimpleResolver direct = new SimpleResolver(new InetSocketAddress(V4, port));
        direct.setTimeout(Duration.ofSeconds(5));
        return direct.send(query).getSectionRRsets(Section.ANSWER).get(0);
    }

    @Test
    void aStaticAnswerValidates() throws Exception {
        String out = delv(anchors, "mail.gslb.example.", "A");
        assertTrue(out.contains(SECURE) && out.contains("192.0.2.25"), out);
    }

    @Test
    void aGslbAnswerValidates() throws Exception {
        String out = delv(anchors, "www.gslb.example.", "A");
        assertTrue(out.contains(SECURE) && out.contains("RRSIG\tA 13 3 30 "), out);
    }

    @Test
    void aCnameChainIntoAGslbNameValidates() throws Exception {
        String out = delv(anchors, "api.gslb.example.", "A");
        assertTrue(out.contains(SECURE) && out.contains("RRSIG\tCNAME") && out.contains("RRSIG\tA"), out);
    }

    @Test
    void aNameThatDoesNotExistIsASecureDenial() throws Exception {
        String out = delv(anchors, "nowhere.gslb.example.", "A");
        assertTrue(out.contains(SECURE_DENIAL) && out.contains("NSEC \\000.nowhere.gslb.example. RRSIG NSEC TYPE128"),
                out);
    }

    @Test
    void aTypeTheNameLacksIsASecureDenial() throws Exception {
        String out = delv(anchors, "mail.gslb.example.", "TXT");
        assertTrue(out.contains(SECURE_DENIAL) && out.contains("NSEC \\000.mail.gslb.example. A RRSIG NSEC"), out);
    }

    @Test
    void anAnswerWhoseSignatureWasTamperedWithIsRejected() throws Exception {
        try (TamperingProxy proxy = new TamperingProxy(V4, new InetSocketAddress(V4, server.port()))) {
            String out = Delv.query(V4, proxy.port(), anchors, ZONE, "mail.gslb.example.", "A");

            assertFalse(out.contains("fully validated"), out);
            assertTrue(out.contains("resolution failed: RRSIG failed to verify"), out);
        }
    }

    @Test
    void withAnotherKeysDsAsTheAnchorNothingValidates() throws Exception {
        Path other = work.resolve("other-keys");
        MeridianProcess.keygen(work, ZONE, other);
        Path wrong = Delv.anchors(work.resolve("wrong-anchors.conf"), ds(other));

        String out = delv(wrong, "mail.gslb.example.", "A");

        assertFalse(out.contains("fully validated"), out);
        assertTrue(out.contains("resolution failed"), out);
    }

    @ParameterizedTest(name = "a client at {0} is answered {1}")
    @CsvSource({"192.0.2.1, 192.0.2.20", "198.51.100.1, 198.51.100.20"})
    void unboundValidatesTheGslbAnswerForAClientSubnetInEachRegion(String client, String expected) throws Exception {
        Message reply = resolver.ask("www.gslb.example.", Type.A, InetAddress.getByName(client));

        assertSecure(reply, resolver);
        assertEquals(List.of(expected), addresses(reply), reply::toString);
    }

    @Test
    void unboundValidatesAStaticAnswer() throws Exception {
        Message reply = resolver.ask("mail.gslb.example.", Type.A, null);

        assertSecure(reply, resolver);
        assertEquals(List.of("192.0.2.25"), addresses(reply), reply::toString);
    }

    @Test
    void unboundValidatesACnameChainIntoAGslbNameForAClientSubnet() throws Exception {
        Message reply = resolver.ask("api.gslb.example.", Type.A, InetAddress.getByName("198.51.100.1"));

        assertSecure(reply, resolver);
        assertEquals(2, reply.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.CNAME).count(),
                reply::toString);
        assertEquals(List.of("198.51.100.20"), addresses(reply), reply::toString);
    }

    @Test
    void unboundValidatesTheDenialOfANameThatDoesNotExist() throws Exception {
        Message reply = resolver.ask("nowhere.gslb.example.", Type.A, null);

        assertSecure(reply, resolver);
        // unbound before 1.21 does not know NXNAME (RFC 9824) and keeps the NOERROR; later ones say NXDOMAIN.
        assertTrue(reply.getRcode() == Rcode.NOERROR || reply.getRcode() == Rcode.NXDOMAIN, reply::toString);
        assertTrue(reply.getSection(Section.ANSWER).isEmpty(), reply::toString);
    }

    @Test
    void unboundValidatesTheDenialOfATypeTheNameLacks() throws Exception {
        Message reply = resolver.ask("mail.gslb.example.", Type.TXT, null);

        assertSecure(reply, resolver);
        assertEquals(Rcode.NOERROR, reply.getRcode(), reply::toString);
        assertTrue(reply.getSection(Section.ANSWER).isEmpty(), reply::toString);
    }

    @Test
    void unboundAnswersServfailForAnAnswerWhoseSignatureWasTamperedWith() throws Exception {
        try (TamperingProxy proxy = new TamperingProxy(V4, new InetSocketAddress(V4, server.port()));
                Unbound tricked = Unbound.start(work.resolve("unbound-tampered"), V4, ZONE, ds,
                        new InetSocketAddress(V4, proxy.port()))) {
            Message reply = tricked.ask("mail.gslb.example.", Type.A, null);

            assertEquals(Rcode.SERVFAIL, reply.getRcode(), reply::toString);
            assertFalse(Unbound.secure(reply), reply::toString);
            assertTrue(tricked.log().contains("validation failure"), tricked::log);
        }
    }

    @Test
    void afterAFailoverUnboundValidatesTheNewAnswer() throws Exception {
        int adminPort = MeridianProcess.freePort(List.of(V4));
        Path token = Files.writeString(work.resolve("ops.token"), "failover-test-token-0123456789abcdef\n");
        Path failoverConfig = Files.writeString(work.resolve("failover.yaml"), """
                dnssec:
                  keys: keys
                admin:
                  listen: 127.0.0.1:%d
                  tokens:
                    - {name: ops, access: read-write, file: ops.token}
                """.formatted(adminPort));
        InetAddress london = InetAddress.getByName("192.0.2.1");
        try (MeridianProcess node = MeridianProcess.start(MeridianProcess.root().resolve("zones"), "failover",
                List.of(V4), work.resolve("failover"), "--config", failoverConfig.toString());
                Unbound validator = Unbound.start(work.resolve("unbound-failover"), V4, ZONE, ds,
                        new InetSocketAddress(V4, node.port()))) {
            // Nothing answers the regions' health checks here, so the test decides health by forcing it.
            force(adminPort, token, "us-east/lb", "up");
            force(adminPort, token, "eu-west/lb", "up");
            awaitAnswer(validator, london, "192.0.2.20");

            force(adminPort, token, "eu-west/lb", "down");
            awaitAnswer(validator, london, "198.51.100.20");

            Message after = validator.ask("www.gslb.example.", Type.A, london);
            assertSecure(after, validator);
            assertEquals(List.of("198.51.100.20"), addresses(after), after::toString);
        }
    }

    private static void force(int adminPort, Path token, String target, String state) throws Exception {
        MeridianProcess.Exit ctl = MeridianProcess.run(work, Duration.ofSeconds(60), "ctl", "--admin",
                "http://127.0.0.1:" + adminPort, "--token-file", token.toString(), "force", target, state);
        assertEquals(0, ctl.code(), String.join("\n", ctl.stdout()) + String.join("\n", ctl.stderr()));
    }

    /** Waits until the validator hands a client at {@code client} the address {@code expected}. */
    private static void awaitAnswer(Unbound validator, InetAddress client, String expected) {
        Await.until(Duration.ofSeconds(30), "www answered " + expected + " to " + client, () -> {
            try {
                return addresses(validator.ask("www.gslb.example.", Type.A, client)).equals(List.of(expected));
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void assertSecure(Message reply, Unbound validator) {
        assertTrue(Unbound.secure(reply), () -> "not validated as secure:\n" + reply + "\n" + validator.log());
    }

    private static List<String> addresses(Message reply) {
        return reply.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }
}
