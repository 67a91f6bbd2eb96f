package dev.meridian.server.interop;

import static dev.meridian.server.interop.Dig.Reply.lines;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meridian.server.interop.Dig.Reply;
import dev.meridian.server.interop.Dig.Rr;
import dev.meridian.server.interop.MeridianProcess.Exit;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged server, started as a real process on loopback serving the repository's {@code zones/}, as {@code dig}
 * sees it. Expected records come from {@code zones/gslb.example.zone}; the negative TTL is 60 because that file's SOA
 * minimum (60) is below its TTL (300). {@code www} may be a GSLB name whose address depends on policy, health and
 * client, so its tests check the shape of the answer, not the address.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DigInteropIT {
    private static final String IDENTITY = "interop-node-1";
    private static final InetAddress V4 = MeridianProcess.literal("127.0.0.1");
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private static MeridianProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = MeridianProcess.start(zones(), IDENTITY, List.of(V4), work.resolve("v4"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void wwwGetsAuthoritativeAnswer() throws Exception {
        assertAuthoritativeAddresses(dig("www.gslb.example", "A"), "A");
    }

    @Test
    void wwwOverTcpGetsAuthoritativeAnswer() throws Exception {
        assertAuthoritativeAddresses(dig("+tcp", "www.gslb.example", "A"), "A");
    }

    @Test
    void bigTxtOver512ByteUdpIsTruncatedWithNoAnswer() throws Exception {
        // +ignore: report the truncated reply instead of retrying over TCP.
        Reply r = dig("+bufsize=512", "+ignore", "big.gslb.example", "TXT");
        assertAll(r.toString(),
                () -> assertEquals("NOERROR", r.status()),
                () -> assertTrue(r.flags().contains("tc")),
                () -> assertEquals(0, r.count("ANSWER")),
                () -> assertEquals(List.of(), r.answer()));
    }

    @Test
    void bigTxtOverTcpIsComplete() throws Exception {
        Reply r = dig("+tcp", "+bufsize=512", "big.gslb.example", "TXT");
        assertAll(r.toString(),
                () -> assertEquals("NOERROR", r.status()),
                () -> assertFalse(r.flags().contains("tc")),
                () -> assertEquals(1, r.answer().size()),
                () -> assertEquals("TXT", r.answer().get(0).type()));
        String txt = r.answer().get(0).data();
        for (int i = 0; i < 12; i++) {
            String part = "\"meridian-large-txt-%02d-".formatted(i) + "x".repeat(40) + "\"";
            assertTrue(txt.contains(part), () -> "missing " + part + "\n" + r);
        }
    }

    @Test
    void nxdomainCarriesSoaWithNegativeTtl() throws Exception {
        Reply r = dig("no-such-name.gslb.example", "A");
        assertAll(r.toString(),
                () -> assertEquals("NXDOMAIN", r.status()),
                () -> assertTrue(r.flags().contains("aa")),
                () -> assertEquals(List.of(), r.answer()),
                () -> assertNegativeSoa(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b.gslb.example", "b.gslb.example"})
    void emptyNonTerminalIsNodata(String name) throws Exception {
        Reply r = dig(name, "A");
        assertAll(r.toString(),
                () -> assertEquals("NOERROR", r.status()),
                () -> assertTrue(r.flags().contains("aa")),
                () -> assertEquals(List.of(), r.answer()),
                () -> assertNegativeSoa(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anything.wild.gslb.example", "two.labels.wild.gslb.example"})
    void wildcardAnswersAtTheQueriedName(String name) throws Exception {
        Reply r = dig(name, "A");
        assertAll(r.toString(),
                () -> assertEquals("NOERROR", r.status()),
                () -> assertTrue(r.flags().contains("aa")),
                () -> assertEquals(List.of(name + ". 300 IN A 192.0.2.99"), lines(r.answer())));
    }

    @Test
    void cnameChainIsFollowedToTheAddress() throws Exception {
        Reply r = dig("api.gslb.example", "A");
        assertAll(r.toString(),
                () -> assertEquals("NOERROR", r.status()),
                () -> assertTrue(r.flags().contains("aa")),
                () -> assertTrue(r.answer().size() >= 3, "two CNAMEs and an address"),
                () -> assertEquals(List.of(
                        "api.gslb.example. 300 IN CNAME edge.gslb.example.",
                        "edge.gslb.example. 300 IN CNAME www.gslb.example."), lines(r.answer().subList(0, 2))),
                () -> assertEquals(List.of("www.gslb.example. A"), r.answer().subList(2, r.answer().size()).stream()
                        .map(rr -> rr.owner() + " " + rr.type()).distinct().toList()));
    }

    @Test
    void delegationGetsReferralWithGlue() throws Exception {
        Reply r = dig("host.sub.gslb.example", "A");
        assertAll(r.toString(),
                () -> assertEquals("NOERROR", r.status()),
                () -> assertFalse(r.flags().contains("aa")),
                () -> assertEquals(List.of(), r.answer()),
                () -> assertEquals(List.of("sub.gslb.example. 300 IN NS ns.sub.gslb.example."), lines(r.authority())),
                () -> assertEquals(List.of("ns.sub.gslb.example. 300 IN A 192.0.2.153"), lines(r.additional())));
    }

    @Test
    void nsidReturnsTheIdentity() throws Exception {
        Reply r = dig("+nsid", "www.gslb.example", "A");
        assertEquals(IDENTITY, r.nsid().orElse(null), r::toString);
    }

    @Test
    void ednsVersion1GetsBadvers() throws Exception {
        // +noednsneg: show the BADVERS reply instead of retrying with version 0.
        Reply r = dig("+edns=1", "+noednsneg", "www.gslb.example", "A");
        assertAll(r.toString(),
                () -> assertEquals("BADVERS", r.status()),
                () -> assertEquals(List.of(), r.answer()),
                () -> assertEquals(OptionalInt.of(0), r.ednsVersion()));
    }

    @Test
    void nameOutsideServedZonesIsRefused() throws Exception {
        Reply r = dig("www.example.org", "A");
        assertAll(r.toString(),
                () -> assertEquals("REFUSED", r.status()),
                () -> assertFalse(r.flags().contains("aa")),
                () -> assertEquals(List.of(), r.answer()));
    }

    @Test
    void anyGetsOneRrset() throws Exception {
        // The apex holds SOA, NS, MX, TXT, A and AAAA: RFC 8482 lets the server pick one of them.
        Reply r = dig("gslb.example", "ANY");
        assertAll(r.toString(),
                () -> assertEquals("NOERROR", r.status()),
                () -> assertTrue(r.flags().contains("aa")),
                () -> assertFalse(r.answer().isEmpty()),
                () -> assertEquals(1, r.answer().stream().map(rr -> rr.owner() + " " + rr.type()).distinct().count()));
    }

    @Test
    void servesOnIpv6Loopback() throws Exception {
        InetAddress v6 = MeridianProcess.literal("::1");
        boolean available = MeridianProcess.canBind(v6);
        // CI machines have ::1, so there it must run; a developer's host without IPv6 skips only this test.
        if (System.getenv("CI") != null) {
            assertTrue(available, "::1 must be available in CI");
        }
        assumeTrue(available, "::1 is not available on this machine");
        try (MeridianProcess v6Server = MeridianProcess.start(zones(), IDENTITY, List.of(v6), work.resolve("v6"))) {
            for (String transport : List.of("+notcp", "+tcp")) {
                assertAuthoritativeAddresses(Dig.query(v6, v6Server.port(), transport, "www.gslb.example", "AAAA"),
                        "AAAA");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"broken IN WAT 1", "broken IN A 192.0.2.1 )", "broken IN MX mail.gslb.example."})
    void checkConfigNamesFileAndLineOfSyntaxError(String badLine, @TempDir Path dir) throws Exception {
        BrokenZone broken = BrokenZone.copy(zones(), dir.resolve("zones"), badLine);
        Exit check = MeridianProcess.run(dir, RUN_TIMEOUT, "check-config", "--zones", broken.dir().toString());
        List<String> output = printed(check);
        assertAll(check.toString(),
                () -> assertEquals(1, check.code()),
                () -> assertEquals(1, output.size(), () -> "one line expected, got " + output),
                () -> assertTrue(output.get(0).startsWith("error: " + broken.file() + ":" + broken.line() + ": "),
                        () -> "expected file and line " + broken.file() + ":" + broken.line()));
    }

    @Test
    void serverRefusesBrokenZoneWithCheckConfigMessage(@TempDir Path dir) throws Exception {
        BrokenZone broken = BrokenZone.copy(zones(), dir.resolve("zones"), "broken IN WAT 1");
        Exit check = MeridianProcess.run(dir, RUN_TIMEOUT, "check-config", "--zones", broken.dir().toString());
        int port = MeridianProcess.freePort(List.of(V4));
        Exit start = MeridianProcess.run(dir, RUN_TIMEOUT,
                "--zones", broken.dir().toString(), "--listen", "127.0.0.1:" + port);
        assertAll(start.toString(),
                () -> assertEquals(1, start.code()),
                () -> assertEquals(errors(check), errors(start)),
                () -> assertEquals(1, errors(start).size()));
    }

    /** A copy of a zones directory with one bad line appended to {@code gslb.example.zone}. */
    private record BrokenZone(Path dir, Path file, int line) {
        static BrokenZone copy(Path from, Path to, String badLine) throws IOException {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
            Path file = to.resolve("gslb.example.zone");
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            lines.add(badLine);
            Files.write(file, lines);
            return new BrokenZone(to, file, lines.size());
        }
    }

    private static Reply dig(String... args) throws IOException, InterruptedException {
        return Dig.query(V4, server.port(), args);
    }

    /** NOERROR, aa, and an answer of one or more addresses of the asked type at www, whichever they are. */
    private static void assertAuthoritativeAddresses(Reply r, String type) {
        assertAll(r.toString(),
                () -> assertEquals("NOERROR", r.status()),
                () -> assertTrue(r.flags().contains("aa")),
                () -> assertFalse(r.answer().isEmpty()),
                () -> assertEquals(List.of("www.gslb.example. " + type),
                        r.answer().stream().map(rr -> rr.owner() + " " + rr.type()).distinct().toList()));
    }

    private static void assertNegativeSoa(Reply r) {
        assertEquals(1, r.authority().size(), r::toString);
        Rr soa = r.authority().get(0);
        assertEquals("gslb.example. 60 IN SOA", soa.owner() + " " + soa.ttl() + " " + soa.dclass() + " " + soa.type(),
                r::toString);
    }

    /** Every non-blank line the run printed, on either stream. */
    private static List<String> printed(Exit exit) {
        return Stream.concat(exit.stdout().stream(), exit.stderr().stream()).filter(line -> !line.isBlank()).toList();
    }

    private static List<String> errors(Exit exit) {
        return exit.stderr().stream().filter(line -> line.startsWith("error: ")).toList();
    }

    private static Path zones() {
        return MeridianProcess.root().resolve("zones");
    }
}
