package dev.meridian.server.dns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Extended DNS Errors (RFC 8914) on GSLB answers, over a real socket: an answer resting on stale health says so
 * (EDE 3), and SERVFAIL from the all-down mode says why; a fresh answer carries no error. The server has no agent, so
 * the health it remembers from its state file stays stale.
 */
class ExtendedErrorTest {
    private static final String ZONE = """
            $ORIGIN gslb.example.
            $TTL 300
            @    IN SOA ns1 hostmaster 1 3600 900 1209600 60
            @    IN NS  ns1
            ns1  IN A   192.0.2.53
            """;
    private static final String POLICY = """
            regions:
              remembered:
                endpoints:
                  lb: {addresses: [192.0.2.20], check: {type: tcp, address: 127.0.0.1, port: 9}}
              unchecked:
                endpoints:
                  lb: {addresses: [192.0.2.30]}
              dead:
                endpoints:
                  lb: {addresses: [192.0.2.40], down: true}
            names:
              stale: {policy: failover, endpoints: [remembered]}
              fresh: {policy: failover, endpoints: [unchecked]}
              gone: {policy: failover, endpoints: [dead], all-down: servfail}
            """;

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.policy.yaml"), POLICY);
        Instant now = Instant.now();
        Files.writeString(dir.resolve("health.state"), "meridian-health-state 1\nversion\t1\nwritten\t" + now
                + "\nendpoint\tgslb.example/remembered/lb\tUP\t" + now + "\n");
        server = TestServer.start(dir, TcpLimits.DEFAULT, "gslb.example.zone", ZONE);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answerFromStaleHealthCarriesStaleAnswer() throws IOException {
        Message reply = ask("stale.gslb.example.");
        List<ExtendedErrorCodeOption> errors = errors(reply);
        assertAll(reply.toString(),
                () -> assertEquals(Rcode.NOERROR, reply.getRcode()),
                () -> assertEquals("192.0.2.20", reply.getSection(1).get(0).rdataToString()),
                () -> assertEquals(1, errors.size()),
                () -> assertEquals(ExtendedErrorCodeOption.STALE_ANSWER, errors.get(0).getErrorCode()),
                () -> assertTrue(errors.get(0).getText().contains("stale"), errors.get(0).getText()));
    }

    @Test
    void answerFromFreshHealthCarriesNoError() throws IOException {
        Message reply = ask("fresh.gslb.example.");
        assertAll(reply.toString(),
                () -> assertEquals(Rcode.NOERROR, reply.getRcode()),
                () -> assertEquals(List.of(), errors(reply)));
    }

    @Test
    void servfailOfTheAllDownModeSaysWhy() throws IOException {
        Message reply = ask("gone.gslb.example.");
        List<ExtendedErrorCodeOption> errors = errors(reply);
        assertAll(reply.toString(),
                () -> assertEquals(Rcode.SERVFAIL, reply.getRcode()),
                () -> assertEquals(1, errors.size()),
                () -> assertEquals(ExtendedErrorCodeOption.OTHER, errors.get(0).getErrorCode()),
                () -> assertTrue(errors.get(0).getText().contains("every endpoint is down")
                        && errors.get(0).getText().contains("servfail"), errors.get(0).getText()));
    }

    @Test
    void queryWithoutEdnsGetsTheSameRcodeAndNoOpt() throws IOException {
        Message reply = server.query("gone.gslb.example.", Type.A);
        assertAll(reply.toString(),
                () -> assertEquals(Rcode.SERVFAIL, reply.getRcode()),
                () -> assertEquals(null, reply.getOPT()));
    }

    private static Message ask(String name) throws IOException {
        Message query = TestServer.newQuery(name, Type.A);
        query.addRecord(new OPTRecord(1232, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
        return server.udp().send(query);
    }

    private static List<ExtendedErrorCodeOption> errors(Message reply) {
        OPTRecord opt = reply.getOPT();
        if (opt == null) {
            return List.of();
        }
        return opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR).stream()
                .map(ExtendedErrorCodeOption.class::cast).toList();
    }
}
