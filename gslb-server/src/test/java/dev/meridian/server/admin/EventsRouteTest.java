package dev.meridian.server.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failover events a node keeps are read through the admin API, newest first, a page at a time. */
class EventsRouteTest {
    private static final String TOKEN = "events-reader-0123456789";

    @TempDir
    Path dir;

    private MockWebServer backend;
    private MeridianServer server;
    private int port;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void aFailoverIsListedWithTheVantagesThatSawIt() throws Exception {
        startWithFailingBackend();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> events("").stream().map(JsonObject.class::cast)
                        .anyMatch(e -> e.getString("subject").equals("gslb.example/eu/lb")
                                && e.getString("to").equals("down")));
        JsonObject event = events("").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("subject").equals("gslb.example/eu/lb")).findFirst().orElseThrow();
        assertEquals(List.of("eu/events-node"), event.getJsonArray("downVantages").getList());
        assertEquals(0, events("?offset=1000").size(), "a page past the end is empty");
    }

    @Test
    void statusShowsWhenEachVantageWasLastHeard() throws Exception {
        startWithFailingBackend();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonObject node = new JsonObject(get("/api/v1/status").body()).getJsonObject("node");
            return node.getJsonArray("vantages").stream().map(JsonObject.class::cast)
                    .anyMatch(v -> v.getString("vantage").equals("eu/events-node") && v.getDouble("ageSeconds") < 5);
        });
    }

    @Test
    void statusShowsEachEndpointsVotesWithTheirAges() throws Exception {
        startWithFailingBackend();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonObject eu = new JsonObject(get("/api/v1/status").body()).getJsonObject("node").getJsonArray("endpoints")
                    .stream().map(JsonObject.class::cast).filter(e -> e.getString("id").equals("eu/lb")).findFirst()
                    .orElseThrow();
            return eu.getString("state").equals("down") && eu.getString("observed").equals("down")
                    && eu.getJsonArray("votes").stream().map(JsonObject.class::cast)
                            .anyMatch(v -> v.getString("vantage").equals("eu/events-node")
                                    && v.getString("status").equals("down") && v.getDouble("ageSeconds") < 5);
        });
    }

    private void startWithFailingBackend() throws Exception {
        backend = new MockWebServer();
        backend.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(503).body("maintenance").build();
            }
        });
        backend.start(InetAddress.getLoopbackAddress(), 0);
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE);
        Files.writeString(zones.resolve("gslb.example.policy.yaml"), """
                regions:
                  eu:
                    check: {type: http, address: 127.0.0.1, port: %d, path: /health, interval: 200ms, timeout: 100ms, rise: 2, fall: 2}
                    endpoints: {lb: {addresses: [192.0.2.20]}}
                  us:
                    endpoints: {lb: {addresses: [198.51.100.20]}}
                names:
                  lb: {chain: [health, failover], endpoints: [eu, us]}
                """.formatted(backend.getPort()));
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones,
                "events-node", TcpLimits.DEFAULT, ServerConfig.DEFAULT_GEO_DATABASES,
                TestServer.health(dir).withEmbeddedAgent(true).withRegion("eu"));
        server = MeridianServer.start(ConfigSource.fixed(config), false);
        port = server.startAdmin(AdminOptions.loopback(0, List.of(AdminToken.of("r", Access.READ_ONLY, TOKEN))));
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private JsonArray events(String query) throws Exception {
        return new JsonObject(get(EventsRoute.PATH + query).body()).getJsonArray("events");
    }
}
