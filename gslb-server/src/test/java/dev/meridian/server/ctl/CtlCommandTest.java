package dev.meridian.server.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.Main;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** {@code gslb-server ctl} against a real node: what an operator types, what it prints, what it exits with. */
class CtlCommandTest {
    private static final String POLICY = """
            regions:
              eu: {endpoints: {lb: {addresses: [192.0.2.20]}}}
              us: {endpoints: {lb: {addresses: [198.51.100.20]}}}
            names:
              lb: {chain: [health, failover], endpoints: [eu, us], ttl: 1}
            """;

    @TempDir
    Path dir;

    private MeridianServer server;
    private int port;
    private Path writer;
    private Path reader;

    /** What one ctl run printed and returned. */
    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        Path zones = TestZones.write(dir, POLICY);
        server = MeridianServer.start(ConfigSource.fixed(new ServerConfig(
                List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, "ctl-node", TcpLimits.DEFAULT,
                ServerConfig.DEFAULT_GEO_DATABASES, TestServer.health(dir))), false);
        port = server.startAdmin(AdminOptions.loopback(0, List.of(
                AdminToken.of("ops", Access.READ_WRITE, "ctl-writer-token"),
                AdminToken.of("viewer", Access.READ_ONLY, "ctl-reader-token"))));
        writer = Files.writeString(dir.resolve("writer.token"), "ctl-writer-token\n");
        reader = Files.writeString(dir.resolve("reader.token"), "ctl-reader-token\n");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Run ctl(Path token, String... args) {
        List<String> all = new ArrayList<>(List.of("ctl", "--admin", "http://127.0.0.1:" + port));
        if (token != null) {
            all.addAll(List.of("--token-file", token.toString()));
        }
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    private String answer() throws Exception {
        SimpleResolver resolver = new SimpleResolver(server.boundAddresses().get(0));
        resolver.setTimeout(Duration.ofSeconds(5));
        Message reply = resolver.send(TestServer.newQuery("lb.gslb.example.", Type.A));
        return ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    @Test
    void drainWaitsUntilDrainedAndTheAnswersHaveMoved() throws Exception {
        Run drain = ctl(writer, "drain", "eu", "--wait", "--timeout", "30s");

        assertEquals(0, drain.status(), drain.err());
        assertTrue(drain.out().contains("eu: drained since"), drain.out());
        assertTrue(drain.out().contains("eu drained"), drain.out());
        assertEquals("198.51.100.20", answer());
        Run status = ctl(reader, "status");
        assertTrue(status.out().lines().anyMatch(l -> l.matches("eu/lb\\s+eu\\s+drained\\s+1\\s+1")), status.out());
    }

    @Test
    void anUndrainWithASlowStartShowsTheEndpointRamping() {
        assertEquals(0, ctl(writer, "drain", "eu").status());
        Run undrain = ctl(writer, "undrain", "eu", "--slow-start", "10m");
        assertEquals(0, undrain.status(), undrain.err());
        assertTrue(undrain.out().startsWith("eu: slow start until "), undrain.out());
        Run status = ctl(reader, "status");
        assertTrue(status.out().lines().anyMatch(l -> l.matches("eu/lb\\s+eu\\s+ramping \\d+%\\s+1\\s+1")),
                status.out());
    }

    @Test
    void auditListsWhoChangedWhat() {
        assertEquals(0, ctl(writer, "weight", "eu/lb", "7").status());
        Run audit = ctl(reader, "audit");
        assertEquals(0, audit.status(), audit.err());
        assertTrue(audit.out().lines().anyMatch(l -> l.contains("ctl-node") && l.contains("ops")
                && l.contains("weight eu/lb") && l.contains("done")), audit.out());
    }

    @Test
    void aReadOnlyTokenIsRefusedWithExitStatusOne() {
        Run run = ctl(reader, "weight", "eu/lb", "5");
        assertEquals(1, run.status());
        assertTrue(run.err().startsWith("refused: forbidden: token 'viewer' is read-only"), run.err());
        assertTrue(ctl(reader, "overlays").out().lines().count() == 1, "nothing changed");
    }

    @Test
    void noNodeToAskIsExitStatusTwo() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute("ctl", "--admin", "http://127.0.0.1:" + closed, "status");
        assertEquals(2, status);
        assertTrue(err.toString().startsWith("error: cannot reach the admin API"), err.toString());
    }

    @Test
    void jsonPrintsTheApisAnswerForScripts() {
        Run run = ctl(writer, "--json", "force", "eu/lb", "down");
        assertEquals(0, run.status(), run.err());
        assertEquals("down", new JsonObject(run.out()).getJsonObject("overlay").getString("forced"));
    }

    @Test
    void explainPrintsTheStepsBehindTheAnswer() {
        Run run = ctl(reader, "explain", "lb.gslb.example", "A", "--client", "127.0.0.1");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("lb.gslb.example. A from 127.0.0.1: NOERROR"), run.out());
        assertTrue(run.out().contains("failover     [eu/lb, us/lb] -> [eu/lb]"), run.out());
    }

    @Test
    void whatIfWithAPolicyFileTriesItOnTheNodeWithoutServingIt() throws Exception {
        Path candidate = Files.writeString(dir.resolve("candidate.policy.yaml"),
                POLICY.replace("chain: [health, failover], endpoints: [eu, us]",
                        "chain: [health, failover], endpoints: [us, eu]"));

        Run run = ctl(writer, "what-if", "lb.gslb.example", "--client", "127.0.0.1", "--policy", candidate.toString());

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("failover     [us/lb, eu/lb] -> [us/lb]"), run.out());
        Run explain = ctl(reader, "explain", "lb.gslb.example", "A", "--client", "127.0.0.1");
        assertTrue(explain.out().contains("-> [eu/lb]"), "still serving its own: " + explain.out());
    }
}
