package dev.meridian.server.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.HealthOptions;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.AdminHttp;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What status says of each endpoint, on a real node whose embedded agent checks a real HTTP backend: the weight in
 * force beside the configured one, each vantage's vote with its age and round-trip time, and the bound a failing
 * endpoint puts on answer TTLs.
 */
class StatusRouteTest {
    private static final String READER = "status-reader-0123456789";
    private static final String WRITER = "status-writer-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final MockWebServer backend = new MockWebServer();
    private volatile int code = 200;
    private MeridianServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        backend.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(code).body("ok").build();
            }
        });
        backend.start(InetAddress.getLoopbackAddress(), 0);
        Path zones = TestZones.write(dir, """
                regions:
                  eu:
                    check: {type: http, address: 127.0.0.1, port: %d, path: /health, interval: 200ms, timeout: 150ms, rise: 2, fall: 20}
                    endpoints: {lb: {addresses: [192.0.2.20]}}
                  us: {endpoints: {lb: {addresses: [198.51.100.20]}}}
                names:
                  lb: {chain: [health, failover], endpoints: [eu, us], ttl: 30}
                """.formatted(backend.getPort()));
        HealthOptions health = HealthOptions.DEFAULT.withRegion("eu").withEmbeddedAgent(true)
                .withStateFile(dir.resolve("health.state"));
        server = MeridianServer.start(ConfigSource.fixed(new ServerConfig(
                List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, "status-node", TcpLimits.DEFAULT,
                ServerConfig.DEFAULT_GEO_DATABASES, health)), false);
        port = server.startAdmin(AdminOptions.loopback(0, List.of(AdminToken.of("r", Access.READ_ONLY, READER),
                AdminToken.of("w", Access.READ_WRITE, WRITER))));
        await().atMost(WAIT).until(() -> !endpoint("eu/lb").getJsonArray("votes").isEmpty());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    private JsonObject endpoint(String id) throws Exception {
        HttpResponse<String> response = AdminHttp.send(port, "GET", "/api/v1/status", READER, null);
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body()).getJsonObject("node").getJsonArray("endpoints").stream()
                .map(JsonObject.class::cast).filter(e -> e.getString("id").equals(id)).findFirst().orElseThrow();
    }

    @Test
    void statusShowsTheWeightInForceBesideTheConfiguredOne() throws Exception {
        HttpResponse<String> set = AdminHttp.send(port, "PUT", "/api/v1/endpoints/eu/lb/weight", WRITER,
                "{\"weight\": 7}");
        assertEquals(200, set.statusCode(), set.body());

        JsonObject eu = endpoint("eu/lb");

        assertEquals(1, eu.getInteger("configuredWeight"));
        assertEquals(7, eu.getInteger("weight"));
    }

    @Test
    void statusShowsEachVantagesVoteWithItsAgeAndRoundTripTime() throws Exception {
        JsonObject vote = endpoint("eu/lb").getJsonArray("votes").getJsonObject(0);

        assertEquals("eu/status-node", vote.getString("vantage"));
        assertEquals("up", vote.getString("status"));
        assertTrue(vote.getDouble("ageSeconds") >= 0 && vote.getDouble("ageSeconds") < WAIT.toSeconds(), vote.encode());
        assertTrue(vote.getDouble("rttMillis") > 0, vote.encode());
    }

    @Test
    void aFailingEndpointShowsTheBoundItPutsOnAnswerTtls() throws Exception {
        assertFalse(endpoint("eu/lb").containsKey("ttlBoundSeconds"), "a quiet healthy endpoint bounds nothing");

        code = 503;

        // Twenty failures make it down, one a check interval: from the first, answers naming it are kept short.
        JsonObject failing = await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> endpoint("eu/lb"), e -> e.containsKey("ttlBoundSeconds"));
        long bound = failing.getLong("ttlBoundSeconds");
        assertTrue(bound > 0 && bound <= 5, "bound " + bound + " s, at most 20 checks 200 ms apart: " + failing.encode());
        assertEquals("up", failing.getString("state"), "bounded while still up: " + failing.encode());
    }
}
