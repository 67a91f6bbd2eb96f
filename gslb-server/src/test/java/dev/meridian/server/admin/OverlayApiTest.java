package dev.meridian.server.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.AdminHttp;
import dev.meridian.server.testing.ClientNetworks;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Drain, weight and forced states set through the admin API of a real node change its DNS answers. */
class OverlayApiTest {
    private static final String READER = "reader-secret-0123456789";
    private static final String WRITER = "writer-secret-0123456789";
    private static final String EU = "192.0.2.20";
    private static final String US = "198.51.100.20";
    private static final String POLICY = """
            regions:
              eu: {latitude: 51.5, longitude: -0.1, endpoints: {lb: {addresses: [192.0.2.20]}}}
              us: {latitude: 39.0, longitude: -77.5, endpoints: {lb: {addresses: [198.51.100.20]}}}
            names:
              lb: {chain: [health, failover], endpoints: [eu, us], ttl: 2}
              split: {chain: [health, weighted], endpoints: [eu, us], ttl: 2}
            """;

    @TempDir
    Path dir;

    private MeridianServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        TestZones.write(dir, POLICY);
        startNode();
    }

    private void startNode() throws Exception {
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), dir.resolve("zones"),
                "overlay-node", TcpLimits.DEFAULT, ServerConfig.DEFAULT_GEO_DATABASES, TestServer.health(dir));
        server = MeridianServer.start(ConfigSource.fixed(config), false);
        port = server.startAdmin(AdminOptions.loopback(0, List.of(
                AdminToken.of("ops-reader", Access.READ_ONLY, READER),
                AdminToken.of("ops-writer", Access.READ_WRITE, WRITER))));
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

    private HttpResponse<String> write(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, WRITER, body);
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private String answer(String name) throws Exception {
        SimpleResolver resolver = new SimpleResolver(server.boundAddresses().get(0));
        resolver.setTimeout(Duration.ofSeconds(5));
        Message reply = resolver.send(TestServer.newQuery(name + ".gslb.example.", Type.A));
        assertEquals(Rcode.NOERROR, reply.getRcode(), () -> "rcode of " + reply);
        return ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    private String state(String id) throws Exception {
        JsonObject node = new JsonObject(send("GET", "/api/v1/status", READER, null).body()).getJsonObject("node");
        return node.getJsonArray("endpoints").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("id").equals(id)).findFirst().orElseThrow().getString("state");
    }

    @Test
    void aDrainedRegionIsNotAnsweredFromTheNextQueryAndAnUndrainBringsItBack() throws Exception {
        assertEquals(EU, answer("lb"));

        write("POST", "/api/v1/regions/eu/drain", null);
        assertEquals(US, answer("lb"), "the first query after the drain was answered");

        write("DELETE", "/api/v1/regions/eu/drain", null);
        assertEquals(EU, answer("lb"), "the first query after the undrain was answered");
    }

    @Test
    void aDrainIsDrainingUntilTheLongestTtlHandedOutHasPassed() throws Exception {
        Instant drained = Instant.now();
        write("POST", "/api/v1/endpoints/eu/lb/drain", null);
        assertEquals("draining", state("eu/lb"));
        // The longest TTL of its names (2 s) plus a second for the change to reach every node.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> state("eu/lb").equals("drained"));
        assertTrue(Duration.between(drained, Instant.now()).toMillis() >= 3000 - 100,
                "drained before the TTL had passed");
    }

    @Test
    void aWeightChangeMovesTheWeightedSplit() throws Exception {
        write("PUT", "/api/v1/endpoints/eu/lb/weight", "{\"weight\": 3}");
        int queries = 10_000;
        int eu = 0;
        for (int i = 0; i < queries; i++) {
            if (answer("split").equals(EU)) {
                eu++;
            }
        }
        double share = (double) eu / queries;
        assertTrue(Math.abs(share - 0.75) <= 0.02, "eu's share with weights 3:1 was " + share);
    }

    @Test
    void aForcedDownEndpointStaysDownAcrossARestart() throws Exception {
        write("PUT", "/api/v1/endpoints/eu/lb/force", "{\"state\": \"down\"}");
        assertEquals(US, answer("lb"));

        server.close();
        server = null;
        startNode();

        assertEquals(US, answer("lb"));
        assertEquals("forced-down", state("eu/lb"));
    }

    @Test
    void aForcedStateEndsAtItsTime() throws Exception {
        Instant until = Instant.now().plusSeconds(2);
        write("PUT", "/api/v1/regions/eu/force", "{\"state\": \"down\", \"until\": \"" + until + "\"}");
        assertEquals(US, answer("lb"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> answer("lb").equals(EU));
        assertFalse(Instant.now().isBefore(until), "came back before its time");
    }

    @Test
    void anUndrainWithASlowStartGivesTheRegionAGrowingShareOfClientNetworks() throws Exception {
        write("POST", "/api/v1/regions/eu/drain", null);
        long start = System.currentTimeMillis();
        write("DELETE", "/api/v1/regions/eu/drain", "{\"slow-start\": \"20s\"}");
        double previous = 0;
        for (double point : new double[] {0.25, 0.5, 0.75}) {
            long at = start + (long) (point * 20_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() >= at);
            long before = System.currentTimeMillis();
            double share = euShareOverNetworks(10_000);
            double expected = ((before + System.currentTimeMillis()) / 2.0 - start) / 20_000;
            assertTrue(Math.abs(share - expected) <= 0.06, "share " + share + ", expected about " + expected);
            assertTrue(share > previous, "the share must grow: " + previous + " then " + share);
            previous = share;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> state("eu/lb").equals("up"));
        assertEquals(1.0, euShareOverNetworks(1_000));
    }

    private double euShareOverNetworks(int networks) throws Exception {
        return ClientNetworks.share(server.boundAddresses().get(0), "lb.gslb.example.", EU, networks);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "PUT|/api/v1/endpoints/eu/lb/weight|{\"weight\": -1}|400",
            "PUT|/api/v1/endpoints/eu/lb/weight|{\"weight\": \"heavy\"}|400",
            "PUT|/api/v1/endpoints/eu/lb/weight|not json|400",
            "PUT|/api/v1/regions/eu/force|{\"state\": \"sideways\"}|400",
            "PUT|/api/v1/regions/eu/force|{\"state\": \"down\", \"until\": \"2001-01-01T00:00:00Z\"}|400",
            "POST|/api/v1/regions/mars/drain||404",
            "POST|/api/v1/endpoints/eu/spare/drain||404"})
    void aChangeThatCannotBeMadeIsRefusedAndChangesNothing(String method, String path, String body, int status)
            throws Exception {
        HttpResponse<String> response = send(method, path, WRITER, body);
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(new JsonObject(response.body()).containsKey("detail"), response.body());
        assertEquals("[]", new JsonObject(send("GET", "/api/v1/overlays", READER, null).body())
                .getJsonArray("overlays").encode());
        assertEquals(EU, answer("lb"));
    }

    /** Every route docs/openapi.yaml documents (a test holds it equal to the router) that is not a GET. */
    static java.util.stream.Stream<String> writeRoutes() throws Exception {
        Map<String, Object> document = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("../docs/openapi.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        List<String> routes = new java.util.ArrayList<>();
        paths.forEach((path, item) -> item.keySet().stream().filter(m -> Set.of("post", "put", "delete").contains(m))
                .forEach(m -> routes.add(m.toUpperCase() + " " + path.replace("{region}", "eu").replace("{name}", "lb"))));
        return routes.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeRoutes")
    void everyWriteRouteRefusesNoTokenAReaderAndATokenOneCharacterOffAndChangesNothing(String route)
            throws Exception {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1);
        String body = "{\"weight\": 9, \"state\": \"down\", \"duration\": \"30s\"}";
        String configuration = server.configuration().digest();
        for (String token : java.util.Arrays.asList(null, READER, WRITER.substring(0, WRITER.length() - 1) + "X",
                WRITER + "0")) {
            HttpResponse<String> response = send(method, path, token, body);
            assertEquals(READER.equals(token) ? 403 : 401, response.statusCode(), token + ": " + response.body());
        }
        assertEquals("[]", new JsonObject(send("GET", "/api/v1/overlays", READER, null).body())
                .getJsonArray("overlays").encode());
        assertEquals(configuration, server.configuration().digest(), "no reload ran");
        assertEquals("[]", new JsonObject(send("GET", "/api/v1/audit", READER, null).body())
                .getJsonArray("changes").encode(), "nothing audited");
        assertEquals(EU, answer("lb"));
    }
}
