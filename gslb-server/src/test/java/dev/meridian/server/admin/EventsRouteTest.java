package dev.meridian.server.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
    /** What eu's health check is answered: 503 until a test says otherwise. */
    private volatile boolean backendHealthy;
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
    void eventsComeNewestFirstAPageAtATimeEachPageNamingTheNext() throws Exception {
        startWithFailingBackend();
        awaitEndpointTransitions("down");
        backendHealthy = true;
        awaitEndpointTransitions("up", "down");
        backendHealthy = false;
        awaitEndpointTransitions("down", "up", "down");

        // Read while nothing is appended, so that both pages and the whole log are the same log.
        TwoPages read = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(this::readTwoPagesOfTwo, TwoPages::logUnchangedMeanwhile);

        assertEquals(2, read.first().getJsonArray("events").size());
        assertEquals(EventsRoute.PATH + "?limit=2&offset=2", read.first().getString("next"));
        List<Object> paged = new java.util.ArrayList<>(read.first().getJsonArray("events").getList());
        paged.addAll(read.second().getJsonArray("events").getList());
        assertEquals(read.whole().getList().subList(0, paged.size()), paged,
                "the second page goes on where the first ended");
        assertFalse(read.second().getJsonArray("events").isEmpty());
        List<Long> versions = read.whole().stream().map(JsonObject.class::cast).map(e -> e.getLong("version"))
                .toList();
        assertEquals(versions.stream().sorted(java.util.Comparator.reverseOrder()).toList(), versions,
                "newest (highest health version) first");
        assertEquals(List.of("down", "up", "down"), endpointTransitions(read.whole()),
                "the latest failover first, then the recovery, then the first failover");
    }

    /** Reading a log the cluster appends to while it is read: the whole log before and after two pages of it. */
    private record TwoPages(JsonArray before, JsonObject first, JsonObject second, JsonArray whole) {
        boolean logUnchangedMeanwhile() {
            return before.equals(whole);
        }
    }

    private TwoPages readTwoPagesOfTwo() throws Exception {
        JsonArray before = events("?limit=" + EventsRoute.MAX_LIMIT);
        JsonObject first = new JsonObject(get(EventsRoute.PATH + "?limit=2").body());
        JsonObject second = new JsonObject(get(first.getString("next")).body());
        JsonObject whole = new JsonObject(get(EventsRoute.PATH + "?limit=" + EventsRoute.MAX_LIMIT).body());
        assertFalse(whole.containsKey("next"), "a page shorter than its limit is the last: " + whole.encode());
        return new TwoPages(before, first, second, whole.getJsonArray("events"));
    }

    /** Waits until eu/lb's status changes, newest first, are {@code newestFirst}. */
    private void awaitEndpointTransitions(String... newestFirst) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> endpointTransitions(events("?limit=" + EventsRoute.MAX_LIMIT)),
                        List.of(newestFirst)::equals);
    }

    /** The states eu/lb changed to, in the order the events are listed. */
    private static List<String> endpointTransitions(JsonArray events) {
        return events.stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("subject").equals("gslb.example/eu/lb"))
                .filter(e -> !e.getString("from").equals(e.getString("to")))
                .map(e -> e.getString("to")).toList();
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
                return backendHealthy ? new MockResponse.Builder().code(200).body("ok").build()
                        : new MockResponse.Builder().code(503).body("maintenance").build();
            }
        });
        backend.start(InetAddress.getLoopbackAddress(), 0);
        Path zones = TestZones.write(dir, """
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
                // Failback at once, so a recovery is an event within the test's time.
                TestServer.health(dir).withEmbeddedAgent(true).withRegion("eu").withFailbackDelay(Duration.ZERO));
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
