package dev.meridian.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.testing.Await;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.serving.ReloadResult;
import dev.meridian.server.testing.AdminHttp;
import dev.meridian.server.testing.Garbage;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An operator's drains through the admin API and refused reloads reach a webhook receiver. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class OperatorNotificationsTest {
    private static final String WRITER = "writer-secret-0123456789";
    private static final String SECRET = "operator secret";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Receiver receiver;
    private MeridianServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Path zones = TestZones.write(dir, """
                regions:
                  eu: {endpoints: {lb: {addresses: [192.0.2.20]}}}
                  us: {endpoints: {lb: {addresses: [198.51.100.20]}}}
                names:
                  lb: {chain: [health, failover], endpoints: [eu, us], ttl: 2}
                """);
        receiver = new Receiver();
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones,
                "ops-node", TcpLimits.DEFAULT, ServerConfig.DEFAULT_GEO_DATABASES, TestServer.health(dir),
                AdminOptions.loopback(0, List.of(AdminToken.of("ops-writer", AdminToken.Access.READ_WRITE, WRITER))))
                .withNotifications(new NotifyOptions(List.of(receiver.webhook("ops", SECRET)), 10, Backoff.DEFAULT,
                        Duration.ofSeconds(5)));
        server = MeridianServer.start(ConfigSource.fixed(config), false);
        port = server.adminPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        receiver.close();
    }

    private JsonObject event(int index) {
        return new JsonObject(receiver.got().get(index).body());
    }

    @Test
    void drainAndUndrainAreNotifiedWithTheTokenThatMadeThem() throws Exception {
        assertEquals(200, AdminHttp.send(port, "POST", "/api/v1/regions/eu/drain", WRITER, null).statusCode());
        assertEquals(200, AdminHttp.send(port, "DELETE", "/api/v1/regions/eu/drain", WRITER, null).statusCode());
        Await.until(WAIT, "both changes posted", () -> receiver.got().size() == 2);
        assertEquals("drain", event(0).getString("event"));
        assertEquals("eu", event(0).getString("subject"));
        assertEquals("ops-writer", event(0).getString("token"));
        assertEquals("Drained: eu by token ops-writer (node ops-node)", event(0).getString("text"));
        assertEquals("undrain", event(1).getString("event"));
        assertTrue(receiver.got().get(1).signedWith(SECRET));
    }

    @Test
    void deliveriesAreCountedByWebhookAndOutcome() throws Exception {
        Garbage.collect(); // the counters read the webhook's counts, which nothing else refers to
        assertEquals(200, AdminHttp.send(port, "POST", "/api/v1/regions/eu/drain", WRITER, null).statusCode());
        Await.until(WAIT, "the drain posted", () -> receiver.got().size() == 1);
        Await.until(WAIT, "the drain counted", () -> server.metricsText()
                .contains("meridian_notifications_total{outcome=\"delivered\",webhook=\"ops\"} 1.0"));
        String text = server.metricsText();
        assertTrue(text.contains("meridian_notifications_total{outcome=\"dropped\",webhook=\"ops\"} 0.0"), text);
        assertTrue(text.contains("meridian_notifications_queued{webhook=\"ops\"} 0.0"), text);
    }

    @Test
    void aRefusedReloadIsNotifiedWithItsError() throws Exception {
        Files.writeString(dir.resolve("zones").resolve("gslb.example.policy.yaml"), "regions: [\n");
        ReloadResult result = server.reload("test").get(10, TimeUnit.SECONDS);
        assertTrue(result instanceof ReloadResult.Failed, String.valueOf(result));
        Await.until(WAIT, "the refusal posted", () -> receiver.got().size() == 1);
        assertEquals("reload-failed", event(0).getString("event"));
        assertEquals(((ReloadResult.Failed) result).error(), event(0).getString("error"));
        assertEquals("test", event(0).getString("trigger"));
    }
}
