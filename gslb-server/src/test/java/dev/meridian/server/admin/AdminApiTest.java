package dev.meridian.server.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.testing.LogCapture;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.serving.ReloadResult;
import dev.meridian.server.testing.AdminHttp;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The admin API of a real node, asked by a real HTTP client: who may do what, and what a refusal leaves behind. */
class AdminApiTest {
    private static final String READER = "reader-secret-0123456789";
    private static final String WRITER = "writer-secret-0123456789";
    private static final Duration HEADER_DEADLINE = Duration.ofSeconds(1);
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(2);
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(2);
    /** Far past either deadline and its margin: a connection still open then is held for good. */
    private static final Duration GIVE_UP = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private MeridianServer server;
    private int port;
    private Path zoneFile;
    private Path audit;

    @BeforeEach
    void start() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        zoneFile = Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE);
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, "admin-node",
                TcpLimits.DEFAULT, ServerConfig.DEFAULT_GEO_DATABASES, TestServer.health(dir));
        server = MeridianServer.start(ConfigSource.fixed(config), false);
        audit = dir.resolve("audit.jsonl");
        port = server.startAdmin(AdminOptions.loopback(0, List.of(
                        AdminToken.of("ops-reader", Access.READ_ONLY, READER),
                        AdminToken.of("ops-writer", Access.READ_WRITE, WRITER)))
                .withDeadlines(HEADER_DEADLINE, BODY_DEADLINE)
                .withAuditFile(audit));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return AdminHttp.send(port, method, path, token, body);
    }

    @Test
    void statusShowsIdentityConfigurationAndHealthToAReader() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/status", READER, null);
        assertEquals(200, response.statusCode(), response.body());
        JsonObject node = new JsonObject(response.body()).getJsonObject("node");
        assertEquals("admin-node", node.getString("identity"));
        assertEquals(server.configuration().digest(), node.getJsonObject("configuration").getString("digest"));
        assertEquals("start", node.getJsonObject("lastReload").getString("trigger"));
        assertEquals(server.health().digest(), node.getJsonObject("health").getString("digest"));
    }

    @ParameterizedTest(name = "token {0}")
    @ValueSource(strings = {"", "writer-secret-012345678", "writer-secret-01234567890", "Writer-secret-0123456789",
            "reader-secret-0123456789"})
    void aWriteWithoutAWriterTokenChangesNothing(String token) throws Exception {
        Files.writeString(zoneFile, TestZones.EXAMPLE.replace("192.0.2.10", "192.0.2.99"));
        ReloadResult before = server.lastReload();

        HttpResponse<String> response = send("POST", "/api/v1/reload", token.isEmpty() ? null : token, null);

        int expected = token.equals(READER) ? 403 : 401;
        assertEquals(expected, response.statusCode(), response.body());
        JsonObject error = new JsonObject(response.body());
        assertTrue(error.containsKey("error") && error.containsKey("detail"), response.body());
        assertFalse(response.body().contains("secret"), "never echo a token: " + response.body());
        assertEquals(before, server.lastReload(), "no reload ran");
        assertFalse(Files.exists(audit), "nothing audited");
    }

    @Test
    void noTokenReachesTheLogWhetherAcceptedRefusedOrOneCharacterOff() throws Exception {
        List<String> sent = List.of(READER, WRITER, "writer-secret-0123456780", "reader-secret-012345678",
                "Writer-secret-0123456789", "not-a-configured-token-4242");
        // Debug records too: a token written at a level the production log hides would still be written somewhere.
        List<Logger> loud = List.of(Logger.getLogger("dev.meridian"), Logger.getLogger("io.vertx"));
        List<Level> levels = loud.stream().map(Logger::getLevel).toList();
        loud.forEach(l -> l.setLevel(Level.ALL));
        LogCapture log = LogCapture.attach();
        try {
            for (String token : sent) {
                send("GET", "/api/v1/status", token, null);
                send("POST", "/api/v1/reload", token, null);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> log.of(AuditLog.class.getName()).stream()
                    .anyMatch(line -> line.contains("ops-writer")));
        } finally {
            log.close();
            for (int i = 0; i < loud.size(); i++) {
                loud.get(i).setLevel(levels.get(i));
            }
        }
        for (String line : log.everything()) {
            for (String token : sent) {
                assertFalse(line.contains(token), "a token was logged: " + line);
            }
        }
    }

    @Test
    void aWriterReloadsAndIsAuditedByName() throws Exception {
        String before = server.configuration().shortDigest();
        Files.writeString(zoneFile, TestZones.EXAMPLE.replace("192.0.2.10", "192.0.2.99"));

        HttpResponse<String> response = send("POST", "/api/v1/reload", WRITER, null);

        assertEquals(200, response.statusCode(), response.body());
        JsonObject result = new JsonObject(response.body()).getJsonObject("result");
        assertEquals("loaded", result.getString("outcome"));
        assertNotEquals(before, server.configuration().shortDigest());
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(audit) && !Files.readString(audit).isBlank());
        JsonObject entry = new JsonObject(Files.readString(audit).strip());
        assertEquals("ops-writer", entry.getString("token"));
        assertEquals("reload", entry.getString("action"));
        assertEquals(before, entry.getString("before"));
        assertEquals(server.configuration().shortDigest(), entry.getString("after"));
        assertEquals("admin-node", entry.getString("node"));
        assertFalse(Files.readString(audit).contains(WRITER), "the audit log names tokens, never holds them");
    }

    @Test
    void aRefusedReloadIs422WithFileAndLineAndTheOldConfigurationServes() throws Exception {
        String before = server.configuration().digest();
        Files.writeString(zoneFile, TestZones.EXAMPLE + "\nbroken IN A not-an-address\n");

        HttpResponse<String> response = send("POST", "/api/v1/reload", WRITER, null);

        assertEquals(422, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertTrue(body.getString("detail").startsWith(zoneFile + ":"), body.encode());
        assertEquals("failed", body.getJsonObject("result").getString("outcome"));
        assertEquals(before, server.configuration().digest());
    }

    @Test
    void anUnknownRouteIsAJson404() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/nothing-here", READER, null);
        assertEquals(404, response.statusCode());
        assertEquals("not found", new JsonObject(response.body()).getString("error"));
    }

    @Test
    void aWrongMethodIsAJson405() throws Exception {
        HttpResponse<String> response = send("DELETE", "/api/v1/status", WRITER, null);
        assertEquals(405, response.statusCode());
        assertEquals("method not allowed", new JsonObject(response.body()).getString("error"));
    }

    @Test
    void aBodyOverTheLimitIsA413() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/reload", WRITER,
                "x".repeat(AdminOptions.DEFAULT_MAX_BODY_BYTES + 1));
        assertEquals(413, response.statusCode());
        assertEquals("request body too large", new JsonObject(response.body()).getString("error"));
    }

    @Test
    void aClientDribblingHeadersIsClosedAtTheHeaderDeadlineWhileDnsKeepsAnswering() throws Exception {
        long started = System.nanoTime();
        try (Socket slow = connect()) {
            slow.getOutputStream().write("GET /api/v1/status HTTP/1.1\r\nHost: x\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            long tookMillis = millisUntilClosedWhileDribblingAndAskingDns(slow, started);
            assertClosedAtTheDeadline(HEADER_DEADLINE, tookMillis);
        }
        assertEquals(200, send("GET", "/api/v1/status", READER, null).statusCode(), "others still get in");
    }

    @Test
    void aClientDribblingTheBodyIsClosedAtTheBodyDeadlineWhileDnsKeepsAnswering() throws Exception {
        long started = System.nanoTime();
        try (Socket slow = connect()) {
            // Complete headers announcing a body well under the size limit, so only the deadline can end it.
            slow.getOutputStream().write(("POST /api/v1/reload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
                    + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            long tookMillis = millisUntilClosedWhileDribblingAndAskingDns(slow, started);
            // Closing at the header deadline would be too early: the body has a deadline of its own, twice as long.
            assertClosedAtTheDeadline(BODY_DEADLINE, tookMillis);
        }
        assertEquals(200, send("GET", "/api/v1/status", READER, null).statusCode(), "others still get in");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(100);
        return socket;
    }

    /**
     * Sends one byte about every 100 ms, which would keep an idle timeout from ever firing, and asks the DNS server
     * a question between bytes, until the admin server closes the connection; fails if it answers instead or holds
     * the connection for {@link #GIVE_UP}. Returns how long it held it, from {@code started}, taken before the
     * connection was made: a slow test thread can then only make the time look longer, never shorter.
     */
    private long millisUntilClosedWhileDribblingAndAskingDns(Socket slow, long started) throws IOException {
        OutputStream out = slow.getOutputStream();
        InputStream in = slow.getInputStream();
        while (System.nanoTime() - started < GIVE_UP.toNanos()) {
            try {
                out.write('a');
                out.flush();
                int read = in.read();
                assertEquals(-1, read, "the admin server answered a request it should have cut off");
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            } catch (java.net.SocketTimeoutException stillOpen) {
                // nothing to read yet: go on dribbling
            } catch (IOException reset) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            }
            assertEquals(Rcode.NOERROR, dns().send(TestServer.newQuery("www.gslb.example.", Type.A)).getRcode(),
                    "DNS answers while the admin server is held");
        }
        throw new AssertionError("the admin server still holds a connection that dribbles bytes after " + GIVE_UP);
    }

    private static void assertClosedAtTheDeadline(Duration deadline, long tookMillis) {
        assertTrue(tookMillis >= deadline.toMillis() - 200, "closed after " + tookMillis + " ms, before the "
                + deadline.toMillis() + " ms deadline");
        // The margin is for a loaded machine, where the deadline's timer, the close and this loop wait their turns.
        assertTrue(tookMillis <= deadline.plus(CLOSE_MARGIN).toMillis(), "closed after " + tookMillis + " ms, "
                + "not within " + CLOSE_MARGIN.toMillis() + " ms of the " + deadline.toMillis() + " ms deadline");
    }

    private SimpleResolver dns() {
        SimpleResolver resolver = new SimpleResolver(server.boundAddresses().get(0));
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver;
    }

    @Test
    void aNonLoopbackAddressWithoutTlsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AdminOptions(
                HostPort.parse("192.0.2.1:8053", 8053), List.of(), null, HEADER_DEADLINE, HEADER_DEADLINE, 1024,
                null, false, true));
        assertTrue(e.getMessage().contains("not loopback"), e.getMessage());
    }
}
