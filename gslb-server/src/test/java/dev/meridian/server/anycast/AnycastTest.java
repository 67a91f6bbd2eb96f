package dev.meridian.server.anycast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.testing.Await;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.geo.Cidr;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.AdminHttp;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * A serving node's announcer against its real listeners: it queries itself over UDP and TCP, writes ExaBGP's lines,
 * and is driven by hand through the admin API.
 */
class AnycastTest {
    private static final String ANNOUNCE = "announce route 192.0.2.53/32 next-hop self";
    private static final String WITHDRAW = "withdraw route 192.0.2.53/32";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private MeridianServer server;
    private int adminPort;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE);
        server = MeridianServer.start(ConfigSource.fixed(new ServerConfig(
                List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, "anycast-node", TcpLimits.DEFAULT,
                ServerConfig.DEFAULT_GEO_DATABASES, TestServer.health(dir))), false);
        adminPort = server.startAdmin(AdminOptions.loopback(0, List.of(
                AdminToken.of("ops", Access.READ_WRITE, "anycast-writer-token"),
                AdminToken.of("viewer", Access.READ_ONLY, "anycast-reader-token"))));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private AnycastOptions options(InetSocketAddress selfCheck, Duration drain) throws Exception {
        return new AnycastOptions(List.of(Cidr.parse("192.0.2.53/32")), selfCheck, Name.fromString("www.gslb.example."),
                Type.A, Duration.ofMillis(200), Duration.ofMillis(150), 2, 2, Duration.ZERO, drain,
                DegradedRoute.SAME);
    }

    private Announcer announce(InetSocketAddress selfCheck, Duration drain) throws Exception {
        return server.announce(options(selfCheck, drain), dir.resolve("anycast.json"), lines::add);
    }

    private InetSocketAddress dns() {
        return server.boundAddresses().get(0);
    }

    @Test
    void aNodeThatAnswersItselfIsAnnouncedAfterRiseSamples() throws Exception {
        announce(dns(), Duration.ZERO);

        Await.until(WAIT, "announced", () -> lines.contains(ANNOUNCE));
        assertEquals(WITHDRAW, lines.get(0), "a (re)started node first takes back what it may have announced");
        assertEquals(2, lines.size(), lines::toString);
    }

    @Test
    void aNodeWhoseSelfCheckFailsOverBothTransportsStaysWithdrawnAndSaysWhy() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Announcer announcer = announce(new InetSocketAddress("127.0.0.1", closed), Duration.ZERO);

        Await.until(WAIT, "samples taken", () -> announcer.lastSample() != null);
        Await.until(WAIT, "two samples", () -> announcer.lastSample() instanceof Readiness.Unready);
        assertEquals(List.of(WITHDRAW), lines);
        assertTrue(announcer.lastSample().reason().startsWith("self-check failed over UDP"),
                announcer.lastSample().reason());
    }

    @Test
    void aManualWithdrawThroughTheApiIsAuditedAndOutlivesARestart() throws Exception {
        Announcer announcer = announce(dns(), Duration.ZERO);
        Await.until(WAIT, "announced", () -> lines.contains(ANNOUNCE));

        HttpResponse<String> refused = AdminHttp.send(adminPort, "POST", "/api/v1/anycast/withdraw",
                "anycast-reader-token", null);
        assertEquals(403, refused.statusCode());
        assertTrue(announcer.announces(), "a read-only token changes nothing");

        HttpResponse<String> withdrawn = AdminHttp.send(adminPort, "POST", "/api/v1/anycast/withdraw",
                "anycast-writer-token", null);
        assertEquals(200, withdrawn.statusCode(), withdrawn.body());
        JsonObject body = new JsonObject(withdrawn.body());
        assertEquals("withdrawn", body.getString("state"));
        assertEquals("ops", body.getString("manual"));
        assertEquals(WITHDRAW, lines.get(lines.size() - 1));
        String audit = AdminHttp.send(adminPort, "GET", "/api/v1/audit", "anycast-reader-token", null).body();
        assertTrue(audit.contains("anycast withdraw"), audit);

        server.close();
        lines.clear();
        start();
        Announcer restarted = announce(dns(), Duration.ZERO);
        Await.until(WAIT, "samples after the restart", () -> restarted.lastSample() instanceof Readiness.Ready);
        assertEquals("ops", restarted.current().manual());
        assertFalse(lines.contains(ANNOUNCE), "still withdrawn after the restart: " + lines);

        HttpResponse<String> announced = AdminHttp.send(adminPort, "POST", "/api/v1/anycast/announce",
                "anycast-writer-token", null);
        assertEquals(200, announced.statusCode(), announced.body());
        Await.until(WAIT, "announced again, following the samples",
                () -> ANNOUNCE.equals(lines.get(lines.size() - 1)));
    }

    @Test
    void theStatusShowsTheAnnouncementAndWhy() throws Exception {
        announce(dns(), Duration.ZERO);
        Await.until(WAIT, "announced", () -> lines.contains(ANNOUNCE));

        JsonObject status = new JsonObject(AdminHttp.send(adminPort, "GET", "/api/v1/status", "anycast-reader-token",
                null).body());
        JsonObject anycast = status.getJsonObject("node").getJsonObject("anycast");
        assertEquals("announced", anycast.getString("state"));
        assertEquals("192.0.2.53/32", anycast.getJsonArray("prefixes").getString(0));
        assertEquals("ready", anycast.getJsonObject("lastSample").getString("readiness"));
    }

    @Test
    void ctlWithdrawsAndShowsTheAnnouncement() throws Exception {
        announce(dns(), Duration.ZERO);
        Await.until(WAIT, "announced", () -> lines.contains(ANNOUNCE));
        Path token = Files.writeString(dir.resolve("writer.token"), "anycast-writer-token\n");

        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new dev.meridian.server.Main());
        cli.setOut(new java.io.PrintWriter(out, true));
        int status = cli.execute("ctl", "--admin", "http://127.0.0.1:" + adminPort, "--token-file", token.toString(),
                "anycast", "withdraw");

        assertEquals(0, status, out::toString);
        assertTrue(out.toString().startsWith("anycast withdrawn since "), out.toString());
        assertTrue(out.toString().contains("withdrawn by hand by ops"), out.toString());
        assertTrue(out.toString().contains("prefixes 192.0.2.53/32 (not announced)"), out.toString());
    }

    @Test
    void aNodeWithoutAnycastAnswers404() throws Exception {
        HttpResponse<String> reply = AdminHttp.send(adminPort, "GET", "/api/v1/anycast", "anycast-reader-token",
                null);
        assertEquals(404, reply.statusCode());
    }

    @Test
    void stoppingWithdrawsFirstAndKeepsAnsweringThroughTheDrain() throws Exception {
        announce(dns(), Duration.ofSeconds(3));
        Await.until(WAIT, "announced", () -> lines.contains(ANNOUNCE));

        CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> {
            try {
                server.withdrawAndDrain();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Await.until(WAIT, "withdrawn on stop", () -> WITHDRAW.equals(lines.get(lines.size() - 1)));
        org.xbill.DNS.SimpleResolver resolver = new org.xbill.DNS.SimpleResolver(dns());
        resolver.setTimeout(Duration.ofSeconds(5));
        Message reply = resolver.send(TestServer.newQuery("www.gslb.example.", Type.A));
        assertNotNull(reply);
        assertEquals(Rcode.NOERROR, reply.getRcode(), "still answering while routes move");
        assertFalse(draining.isDone(), "the drain lasts");
        draining.get();
    }
}
