package dev.meridian.server.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.latency.ClientNetwork;
import dev.meridian.probes.testing.Await;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.geo.Cidr;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Real users' samples steer {@code fast.gslb.example} (policy {@code latency}) on a real node: posted to the admin
 * API, smoothed in the latency map, and read by DNS queries carrying ECS from the measured networks. Each test uses
 * its own client network of the demo GeoIP database, so they do not see each other's samples.
 */
class LatencyRoutingTest {
    private static final String WRITER = "latency-writer-0123456789";
    private static final String READER = "latency-reader-0123456789";
    private static final String EU_WEST = "192.0.2.20";
    private static final String US_EAST = "198.51.100.20";
    private static final String US_WEST = "203.0.113.20";
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    private static MeridianServer server;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)),
                Path.of("../zones"), "latency-node", TcpLimits.DEFAULT,
                List.of(Path.of("../geo-data/demo-city.mmdb")), TestServer.health(dir));
        server = MeridianServer.start(ConfigSource.fixed(config), false);
        port = server.startAdmin(AdminOptions.loopback(0, List.of(AdminToken.of("beacons", Access.READ_WRITE, WRITER),
                AdminToken.of("reader", Access.READ_ONLY, READER))));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withoutMeasurementsTheAnswerIsGeoproximitysAndExplainSaysSo() throws Exception {
        // Tokyo, a country no test measures: nearest is us-west.
        assertEquals(US_WEST, answer("2001:db8:c000::/40"));
        JsonObject latency = explainLatency("2001:db8:c000::/40");
        assertEquals("geoproximity", latency.getString("level"), latency.encodePrettily());
    }

    @Test
    void realUserSamplesAloneSteerANetworkToItsFastestRegion() throws Exception {
        // London: geoproximity says eu-west; users there measure us-west faster.
        assertEquals(EU_WEST, answer("192.0.2.0/25"));
        assertEquals(202, post(WRITER, batch(sample("192.0.2.7", "us-west", 12), sample("192.0.2.9", "eu-west", 90),
                sample("192.0.2.0/24", "us-east", 60))).statusCode());
        Await.until(WITHIN, "London's network answered from us-west", () -> US_WEST.equals(answerOrNull("192.0.2.0/25")));
        JsonObject latency = explainLatency("192.0.2.0/25");
        assertEquals("network", latency.getString("level"), latency.encodePrettily());
        assertEquals("192.0.2.0/24", latency.getString("network"));
        assertTrue(latency.getJsonArray("rtts").getString(0).startsWith("us-west=12.0ms"), latency.encodePrettily());
    }

    @Test
    void answersFollowAChangeBeyondTheMarginButNotOneWithinIt() throws Exception {
        String ecs = "203.0.113.0/24";
        post(WRITER, batch(sample("203.0.113.1", "us-east", 30), sample("203.0.113.1", "us-west", 60)));
        Await.until(WITHIN, "Seattle's network measured", () -> rttOf(ecs, "us-east") == 30);
        assertEquals(US_EAST, answer(ecs));

        // us-west drifts to 27 ms: 3 ms faster, within the 5 ms margin.
        assertEquals(202, post(WRITER, batch(repeat(sample("203.0.113.1", "us-west", 27), 12))).statusCode());
        Await.until(WITHIN, "the snapshot holds us-west under 28 ms", () -> rttOf(ecs, "us-west") < 28);
        assertEquals(US_EAST, answer(ecs));

        // Then to 5 ms: well beyond the margin; the smoothed RTT gets there within a few samples.
        assertEquals(202, post(WRITER, batch(repeat(sample("203.0.113.1", "us-west", 5), 6))).statusCode());
        Await.until(WITHIN, "Seattle's network moved to us-west", () -> US_WEST.equals(answerOrNull(ecs)));
    }

    static Stream<Arguments> badBatches() {
        String ok = "\"client\": \"198.51.100.77\", \"region\": \"us-west\", \"rttMs\": 5, \"time\": \"" + Instant.now()
                + "\"";
        StringBuilder huge = new StringBuilder("{\"samples\": [");
        for (int i = 0; i < 1001; i++) {
            huge.append(i == 0 ? "" : ",").append('{').append(ok).append('}');
        }
        return Stream.of(
                Arguments.of("not JSON", WRITER, "{samples: [", 400),
                Arguments.of("no samples", WRITER, "{\"samples\": []}", 400),
                Arguments.of("unknown region", WRITER, batch(sample("198.51.100.77", "mars", 5)), 400),
                Arguments.of("a name, not an address", WRITER,
                        "{\"samples\": [{\"client\": \"ns1.example.net\", \"region\": \"us-west\", \"rttMs\": 5, "
                                + "\"time\": \"" + Instant.now() + "\"}]}", 400),
                Arguments.of("a network wider than measured", WRITER, batch(sample("198.51.100.0/16", "us-west", 5)), 400),
                Arguments.of("negative rtt", WRITER, batch(sample("198.51.100.77", "us-west", -1)), 400),
                Arguments.of("stale", WRITER, "{\"samples\": [{\"client\": \"198.51.100.77\", \"region\": \"us-west\", "
                        + "\"rttMs\": 5, \"time\": \"" + Instant.now().minus(Duration.ofHours(1)) + "\"}]}", 400),
                Arguments.of("one bad sample among good ones", WRITER,
                        batch(sample("198.51.100.77", "us-west", 5), sample("198.51.100.78", "mars", 5)), 400),
                Arguments.of("oversized", WRITER, huge.append("]}").toString(), 413),
                Arguments.of("read-only token", READER, batch(sample("198.51.100.77", "us-west", 5)), 403),
                Arguments.of("no token", null, batch(sample("198.51.100.77", "us-west", 5)), 401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBatches")
    void aBadBatchIsRefusedWithA4xxAndChangesNothing(String what, String token, String body, int status)
            throws Exception {
        HttpResponse<String> response = post(token, body);
        assertEquals(status, response.statusCode(), response.body());
        if (status != 413) {
            assertTrue(new JsonObject(response.body()).getString("detail").length() > 0, response.body());
        }
        assertTrue(server.latency().map().entries().keySet().stream()
                .noneMatch(k -> k.network().equals(ClientNetwork.parse("198.51.100.0/24"))), "nothing recorded");
    }

    private static double rttOf(String ecs, String region) {
        var row = server.latency().snapshot().network(Cidr.parse(ecs).address(), 24);
        if (row == null) {
            return Double.NaN;
        }
        for (int i = 0; i < row.regions().length; i++) {
            if (dev.meridian.probes.latency.RegionIds.name(row.regions()[i]).equals(region)) {
                return row.rttMillis()[i];
            }
        }
        return Double.NaN;
    }

    private static String sample(String client, String region, double rtt) {
        return new JsonObject().put("client", client).put("region", region).put("rttMs", rtt)
                .put("time", Instant.now().toString()).encode();
    }

    private static String[] repeat(String sample, int times) {
        String[] out = new String[times];
        java.util.Arrays.fill(out, sample);
        return out;
    }

    private static String batch(String... samples) {
        return "{\"samples\": [" + String.join(",", samples) + "]}";
    }

    private static HttpResponse<String> post(String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/latency/samples")).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String answerOrNull(String ecs) {
        try {
            return answer(ecs);
        } catch (Exception e) {
            return null;
        }
    }

    private static String answer(String ecs) throws Exception {
        InetSocketAddress listener = server.boundAddresses().get(0);
        SimpleResolver resolver = new SimpleResolver(listener);
        resolver.setTimeout(Duration.ofSeconds(5));
        Message query = TestServer.newQuery("fast.gslb.example.", Type.A);
        Cidr subnet = Cidr.parse(ecs);
        query.addRecord(new OPTRecord(1232, 0, 0, 0,
                List.of(new ClientSubnetOption(subnet.prefixLength(), subnet.address()))), Section.ADDITIONAL);
        resolver.setEDNS((OPTRecord) null);
        return resolver.send(query).getSection(Section.ANSWER).get(0).rdataToString();
    }

    private static JsonObject explainLatency(String ecs) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/explain?name=fast.gslb.example&type=A&client=127.0.0.1&ecs="
                + URLEncoder.encode(ecs, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + READER)
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonArray gslb = new JsonObject(response.body()).getJsonObject("why").getJsonArray("gslb");
        return gslb.getJsonObject(0).getJsonObject("latency");
    }
}
