package dev.meridian.server.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.health.HealthView;
import dev.meridian.probes.latency.LatencyView;
import dev.meridian.server.dns.cookie.CookieOptions;
import dev.meridian.server.dns.cookie.CookieStage;
import dev.meridian.server.dns.cookie.ServerCookies;
import dev.meridian.server.dns.limit.RateLimitOptions;
import dev.meridian.server.dns.limit.ResponseRateLimiter;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.dnssec.KeyAlgorithm;
import dev.meridian.server.dnssec.SignatureCache;
import dev.meridian.server.dnssec.SigningStage;
import dev.meridian.server.dnssec.ZoneKey;
import dev.meridian.server.dnssec.ZoneSigner;
import dev.meridian.server.dns.response.ResponseWriter;
import dev.meridian.server.health.HealthReport;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.serving.ReloadResult;
import dev.meridian.server.serving.ServingSnapshot;
import dev.meridian.server.testing.ChangingHealth;
import dev.meridian.server.testing.ExampleSnapshot;
import dev.meridian.server.testing.TestZones;
import dev.meridian.server.zone.ZoneSet;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Specifies the compiled path by the full path it is compiled from: over a corpus of every name of the test zone (and
 * names below each, wildcard matches, GSLB names and chains into them), every query type, with and without EDNS, DO,
 * NSID and client subnets of both families, RD, and the name's case mixed (0x20), on both transports, a reply the
 * compiled path gives is byte for byte the full path's reply; so are the replies through the cookie stage and the rate
 * limiter.
 */
class CompiledPathTest {
    private static final InetAddress SOURCE = InetAddress.getLoopbackAddress();
    private static final int[] QTYPES = {Type.A, Type.AAAA, Type.CNAME, Type.NS, Type.SOA, Type.MX, Type.TXT,
        Type.SRV, Type.PTR, Type.CAA, Type.HTTPS, Type.SVCB, Type.NAPTR, Type.ANY, Type.DS, Type.RRSIG, 65280};

    private static ServingSnapshot snapshot;
    private static CompiledPath compiled;
    /** The buffer {@link #compiledReply} writes every reply into. */
    private static final byte[] REUSED = new byte[4096];
    private static QueryPipeline full;

    @BeforeAll
    static void compileTheTestZone(@TempDir Path dir) throws IOException, ConfigException {
        snapshot = ExampleSnapshot.build(dir);
        ZoneSet zones = snapshot.zones();
        // An observer that needs the parsed query keeps this pipeline on the full path: the reference.
        QueryObserver needsEverything = (query, source, answer, transport, reply, nanos) -> { };
        full = pipeline(Stages.NONE.withObserver(needsEverything));
        compiled = new CompiledPath(() -> zones, new ResponseWriter("identity"), "identity", () -> LatencyView.NONE,
                AdmissionStage.NONE, ClientTap.NONE, AnswerStage.NONE, AnswerStage.NONE, QueryObserver.NONE);
        compiled.compile(zones);
    }

    @Test
    void everyCompiledReplyIsTheFullPathsReplyByteForByte() throws Exception {
        Random random = new Random(7);
        int asked = 0;
        int answered = 0;
        for (Name name : corpusNames()) {
            for (int qtype : QTYPES) {
                for (byte[] query : variants(name, qtype, random)) {
                    for (Transport transport : Transport.values()) {
                        asked++;
                        byte[] fast = compiledReply(query, transport);
                        if (fast != null) {
                            answered++;
                            byte[] reference = full.handle(query, transport, SOURCE);
                            assertArrayEquals(reference, fast, () -> "reply to " + parse(query)
                                    + " over " + transport + "\nfull path:\n" + parse(reference)
                                    + "\ncompiled:\n" + parse(fast));
                        }
                    }
                }
            }
        }
        // The corpus is built to be mostly answerable compiled; a path that answers nothing proves nothing.
        assertTrue(answered > asked / 2, answered + " of " + asked + " queries answered compiled");
    }

    @Test
    void aNameBelowAnSoaNameTakesTheFullPath() throws Exception {
        // hostmaster.gslb.example does not exist, but the SOA names it: compressed against the question, the SOA of
        // this NXDOMAIN would not be the compiled bytes moved.
        byte[] query = query(Name.fromString("x.hostmaster.gslb.example."), Type.A, null);
        assertNull(compiledReply(query, Transport.UDP));
    }

    @Test
    void repliesToQueriesWithCookiesAreTheFullPathsByteForByte() throws Exception {
        Clock fixed = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
        for (boolean required : new boolean[] {false, true}) {
            CookieOptions options = new CookieOptions(CookieOptions.random().secret(), null, null, required);
            ServerCookies cookies = new ServerCookies(options, fixed);
            QueryPipeline withCompiled = pipeline(Stages.NONE.withCookies(new CookieStage(cookies)));
            withCompiled.compileAnswers();
            QueryPipeline withFull = pipeline(Stages.NONE.withCookies(new CookieStage(cookies))
                    .withObserver((query, source, answer, transport, reply, nanos) -> { }));
            byte[] client = {1, 2, 3, 4, 5, 6, 7, 8};
            byte[] ours = cookies.mint(client, SOURCE);
            byte[] forged = ours.clone();
            forged[15] ^= 1;
            for (CookieOption cookie : List.of(new CookieOption(client), new CookieOption(client, ours),
                    new CookieOption(client, forged))) {
                for (String name : List.of("www", "geo", "nx", "x.wild")) {
                    OPTRecord opt = new OPTRecord(1232, 0, 0, 0, List.of(new NSIDOption(new byte[0]),
                            new ClientSubnetOption(24, InetAddress.getByName("10.1.2.0")), cookie));
                    byte[] query = query(Name.fromString(name, Name.fromString("gslb.example.")), Type.A, opt);
                    for (Transport transport : Transport.values()) {
                        assertArrayEquals(withFull.handle(query, transport, SOURCE),
                                withCompiled.handle(query, transport, SOURCE),
                                () -> name + " with " + cookie + " over " + transport + ", cookies required: "
                                        + required);
                    }
                }
            }
        }
    }

    @Test
    void aGslbAnswerIsCompiledWithTheClientsScope() throws Exception {
        OPTRecord opt = new OPTRecord(1232, 0, 0, 0,
                List.of(new ClientSubnetOption(24, InetAddress.getByName("10.1.2.0"))));
        byte[] reply = compiledReply(query(Name.fromString("geo.gslb.example."), Type.A, opt), Transport.UDP);
        assertNotNull(reply);
        Message message = new Message(reply);
        assertEquals("192.0.2.20", message.getSection(Section.ANSWER).get(0).rdataToString());
        ClientSubnetOption ecs = (ClientSubnetOption) message.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
        assertEquals(16, ecs.getScopePrefixLength());
    }

    @Test
    void inASignedZoneRepliesWithAndWithoutDoAreTheFullPathsByteForByte() throws Exception {
        Name zone = Name.fromString("gslb.example.");
        ZoneSigner signer = new ZoneSigner(zone, List.of(ZoneKey.generate(zone, KeyAlgorithm.ECDSAP256SHA256, true,
                3600)), Duration.ofDays(14), Duration.ofHours(1));
        // One stage for both pipelines: a signature made for one is the cached signature of the other.
        SigningStage signing = new SigningStage(Map.of(zone, signer), new SignatureCache(1024, Duration.ofDays(1)),
                Clock.systemUTC(), Duration.ofSeconds(1));
        QueryPipeline withCompiled = pipeline(Stages.NONE.withSign(signing));
        withCompiled.compileAnswers();
        QueryPipeline withFull = pipeline(Stages.NONE.withSign(signing)
                .withObserver((query, source, answer, transport, reply, nanos) -> { }));
        for (String name : List.of("@", "www", "geo", "api", "nx", "x.wild", "sub", "a.b")) {
            for (int qtype : new int[] {Type.A, Type.AAAA, Type.MX, Type.TXT, Type.DNSKEY}) {
                for (int flags : new int[] {0, ExtendedFlags.DO}) {
                    Name qname = name.equals("@") ? zone : Name.fromString(name, zone);
                    byte[] query = query(qname, qtype, new OPTRecord(1232, 0, 0, flags));
                    // The full path first: with DO, it signs what the other then finds signed.
                    byte[] reference = withFull.handle(query, Transport.UDP, SOURCE);
                    assertArrayEquals(reference, withCompiled.handle(query, Transport.UDP, SOURCE),
                            () -> parse(query));
                }
            }
        }
    }

    @Test
    void aGslbAnswerWhoseTtlHealthShortenedIsTheFullPathsByteForByte() throws Exception {
        // Every endpoint may change within 12 s: answers are cut from 30 s to the 10 s step.
        HealthView failing = new ChangingHealth(Duration.ofSeconds(12));
        HealthTable shortened = HealthTable.compile(failing, snapshot.gslb().index().keys(),
                System.currentTimeMillis());
        QueryPipeline withCompiled = pipeline(Stages.NONE, shortened);
        withCompiled.compileAnswers();
        QueryPipeline withFull = pipeline(Stages.NONE.withObserver((query, source, answer, transport, reply,
                nanos) -> { }), shortened);
        Name zone = Name.fromString("gslb.example.");
        int shortenedReplies = 0;
        for (String name : List.of("geo", "sticky", "alias", "down")) {
            for (int qtype : new int[] {Type.A, Type.AAAA, Type.TXT}) {
                byte[] query = query(Name.fromString(name, zone), qtype, new OPTRecord(1232, 0, 0, 0,
                        List.of(new ClientSubnetOption(24, InetAddress.getByName("10.1.2.0")))));
                byte[] reply = withCompiled.handle(query, Transport.UDP, SOURCE);
                assertArrayEquals(withFull.handle(query, Transport.UDP, SOURCE), reply, () -> parse(query));
                Message message = new Message(reply);
                if (!message.getSection(Section.ANSWER).isEmpty()
                        && message.getSection(Section.ANSWER).get(0).getTTL() == 10) {
                    shortenedReplies++;
                }
            }
        }
        assertTrue(shortenedReplies >= 3, shortenedReplies + " replies with a shortened TTL");
    }

    @Test
    void afterASwapTheOldSnapshotsCompiledRepliesAreNeverSent(@TempDir Path other) throws Exception {
        ServingSnapshot changed = ExampleSnapshot.build(other,
                TestZones.EXAMPLE.replace("www      IN A    192.0.2.10", "www      IN A    192.0.2.11"));
        java.util.concurrent.atomic.AtomicReference<ServingSnapshot> serving =
                new java.util.concurrent.atomic.AtomicReference<>(snapshot);
        QueryPipeline pipeline = new QueryPipeline(serving::get, () -> HealthTable.ALL_UP, () -> LatencyView.NONE,
                () -> new HealthReport(0, "00000000", 0, 0, 0),
                () -> new ReloadResult.Loaded(Instant.EPOCH, "start", snapshot.version(), Duration.ZERO), "identity",
                Stages.NONE);
        pipeline.compileAnswers();
        byte[] query = query(Name.fromString("www.gslb.example."), Type.A, new OPTRecord(1232, 0, 0));
        assertEquals("192.0.2.10", answerOf(pipeline.handle(query, Transport.UDP, SOURCE)));

        serving.set(changed);

        assertEquals("192.0.2.11", answerOf(pipeline.handle(query, Transport.UDP, SOURCE)), "before compiling");
        pipeline.compileAnswers();
        assertEquals("192.0.2.11", answerOf(pipeline.handle(query, Transport.UDP, SOURCE)), "compiled");
    }

    private static String answerOf(byte[] reply) throws IOException {
        return new Message(reply).getSection(Section.ANSWER).get(0).rdataToString();
    }

    @Test
    void rateLimitedCompiledRepliesAreTheFullPathsSlipsAndDrops() throws Exception {
        RateLimitOptions tight = new RateLimitOptions(1, 1, 2, 24, 56, List.of(), 1024);
        QueryPipeline limitedCompiled = pipeline(Stages.NONE.withRateLimit(new ResponseRateLimiter(tight)));
        limitedCompiled.compileAnswers();
        QueryPipeline limitedFull = pipeline(Stages.NONE.withRateLimit(new ResponseRateLimiter(tight))
                .withObserver((query, source, answer, transport, reply, nanos) -> { }));
        OPTRecord opt = new OPTRecord(1232, 0, 0, 0, List.of(new NSIDOption(new byte[0]),
                new ClientSubnetOption(24, InetAddress.getByName("10.1.2.0"))));
        int slipped = 0;
        int dropped = 0;
        for (String name : List.of("www", "geo", "nx-1", "nx-2", "x.wild")) {
            byte[] query = query(Name.fromString(name, Name.fromString("gslb.example.")), Type.A, opt);
            for (int i = 0; i < 6; i++) {
                byte[] fromCompiled = limitedCompiled.handle(query, Transport.UDP, SOURCE);
                byte[] fromFull = limitedFull.handle(query, Transport.UDP, SOURCE);
                assertArrayEquals(fromFull, fromCompiled, name + ", query " + i);
                if (fromCompiled == null) {
                    dropped++;
                } else if ((fromCompiled[2] & 0x02) != 0) {
                    slipped++;
                }
            }
        }
        assertTrue(slipped > 0 && dropped > 0, slipped + " slipped, " + dropped + " dropped");
    }

    @Test
    void repliesWrittenIntoAReusedBufferAreTheRepliesHandleGives() throws Exception {
        QueryPipeline pipeline = pipeline(Stages.NONE);
        pipeline.compileAnswers();
        // As a UDP reader reuses them: the query at the start of a longer buffer, the reply over the last one.
        byte[] request = new byte[4096];
        byte[] reply = new byte[4096];
        Arrays.fill(request, (byte) 0x5A);
        Arrays.fill(reply, (byte) 0x5A);
        Random random = new Random(11);
        int compared = 0;
        for (Name name : corpusNames()) {
            for (int qtype : QTYPES) {
                for (byte[] query : variants(name, qtype, random)) {
                    System.arraycopy(query, 0, request, 0, query.length);
                    int written = pipeline.handleInto(request, query.length, Transport.UDP, SOURCE, reply);
                    byte[] expected = pipeline.handle(query, Transport.UDP, SOURCE);
                    assertArrayEquals(expected, written < 0 ? null : Arrays.copyOf(reply, written),
                            () -> "reply to " + parse(query));
                    compared++;
                }
            }
        }
        assertTrue(compared > 100, compared + " queries compared");
    }

    /**
     * The compiled path's reply, written into one buffer reused for every query as a UDP reader reuses its own, so
     * that a byte an earlier reply left behind would show; {@code null} when the full path must answer.
     */
    private static byte[] compiledReply(byte[] query, Transport transport) {
        int written = compiled.answer(query, query.length, transport, SOURCE, snapshot, HealthTable.ALL_UP, -1,
                REUSED);
        return written < 0 ? null : Arrays.copyOf(REUSED, written);
    }

    private static QueryPipeline pipeline(Stages stages) {
        return pipeline(stages, HealthTable.ALL_UP);
    }

    private static QueryPipeline pipeline(Stages stages, HealthTable health) {
        return new QueryPipeline(() -> snapshot, () -> health, () -> LatencyView.NONE,
                () -> new HealthReport(0, "00000000", 0, 0, 0),
                () -> new ReloadResult.Loaded(Instant.EPOCH, "start", snapshot.version(), Duration.ZERO), "identity",
                stages);
    }

    private static List<Name> corpusNames() throws Exception {
        List<Name> names = new ArrayList<>();
        Name origin = Name.fromString("gslb.example.");
        for (String relative : List.of("@", "ns1", "mail", "www", "api", "edge", "gone", "out", "loop1", "_sip._udp",
                "_udp", "sip", "big", "huge", "wild", "x.wild", "a.b.wild", "host.wild", "*.wild", "alias.w", "w",
                "q.cw", "cw", "deep.a.b", "a.b", "b", "sub", "ns.sub", "x.sub", "geo", "sticky", "alias", "down",
                "nx", "a.b.nx", "x.www", "x.geo", "x.api", "x.deep.a.b", "hostmaster", "x.ns1", "many")) {
            names.add(relative.equals("@") ? origin : Name.fromString(relative, origin));
        }
        names.add(Name.fromString("elsewhere.example."));
        return names;
    }

    /** The query in several forms: EDNS or not, DO, NSID, subnets, RD, and its name in mixed case. */
    private static List<byte[]> variants(Name name, int qtype, Random random) throws Exception {
        List<OPTRecord> opts = new ArrayList<>();
        opts.add(null);
        opts.add(new OPTRecord(1232, 0, 0));
        opts.add(new OPTRecord(512, 0, 0, ExtendedFlags.DO));
        opts.add(new OPTRecord(4096, 0, 0, 0, List.of(new NSIDOption(new byte[0]))));
        opts.add(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("10.1.2.0")))));
        opts.add(new OPTRecord(1232, 0, 0, ExtendedFlags.DO, List.of(new NSIDOption(new byte[0]),
                new ClientSubnetOption(16, InetAddress.getByName("10.9.0.0")))));
        opts.add(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(0, InetAddress.getByName("0.0.0.0")))));
        opts.add(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(32, InetAddress.getByName("10.1.2.3")))));
        opts.add(new OPTRecord(1232, 0, 0, 0,
                List.of(new ClientSubnetOption(56, InetAddress.getByName("2001:db8:1:200::")))));
        opts.add(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(20, InetAddress.getByName("203.0.112.0")))));
        List<byte[]> queries = new ArrayList<>();
        for (OPTRecord opt : opts) {
            queries.add(query(name, qtype, opt));
        }
        byte[] mixed = query(mixedCase(name, random), qtype, opts.get(4));
        mixed[2] |= 0x01; // RD
        queries.add(mixed);
        return queries;
    }

    private static Name mixedCase(Name name, Random random) throws Exception {
        StringBuilder text = new StringBuilder();
        for (char c : name.toString().toCharArray()) {
            text.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return Name.fromString(text.toString());
    }

    private static byte[] query(Name name, int qtype, OPTRecord opt) {
        Message message = Message.newQuery(Record.newRecord(name, qtype, DClass.IN));
        message.getHeader().unsetFlag(Flags.RD);
        message.getHeader().setID(0x1234);
        if (opt != null) {
            message.addRecord(opt, Section.ADDITIONAL);
        }
        return message.toWire();
    }

    private static String parse(byte[] wire) {
        try {
            return new Message(wire).toString();
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }
}
