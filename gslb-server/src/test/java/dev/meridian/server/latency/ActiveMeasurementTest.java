package dev.meridian.server.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.latency.ClientNetwork;
import dev.meridian.probes.measure.LatencyMeasurer;
import dev.meridian.probes.measure.MeasureSettings;
import dev.meridian.probes.testing.Await;
import dev.meridian.probes.testing.DelayedResponder;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.geo.Cidr;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Agents in three regions measure the resolvers a real node serves: each region's agent reaches a client network's
 * resolver (a loopback address) on its own port, where a responder waits that region's delay before replying. The
 * node counts the networks it serves, publishes them as targets, and answers {@code fast.gslb.example} with the region
 * of least delay.
 */
class ActiveMeasurementTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "us-west");
    private static final Map<String, String> ADDRESS = Map.of("eu-west", "192.0.2.20", "us-east", "198.51.100.20",
            "us-west", "203.0.113.20");
    /** London's and Seattle's networks, each behind its own resolver. */
    private static final String LONDON = "192.0.2.0/24";
    private static final String LONDON_RESOLVER = "127.0.40.1";
    private static final String SEATTLE = "203.0.113.0/24";
    private static final String SEATTLE_RESOLVER = "127.0.40.2";
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private MeridianServer server;
    private int adminPort;
    private final List<AutoCloseable> started = new ArrayList<>();
    /** Responders by region, then resolver address. */
    private final Map<String, Map<String, DelayedResponder>> responders = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)),
                Path.of("../zones"), "measured-node", TcpLimits.DEFAULT,
                List.of(Path.of("../geo-data/demo-city.mmdb")), TestServer.health(dir));
        server = MeridianServer.start(ConfigSource.fixed(config), false);
        adminPort = server.startAdmin(AdminOptions.loopback(0, List.of(AdminToken.of("r", Access.READ_ONLY,
                "reader-0123456789"))));
        // London is nearest to us-east by delay, Seattle to eu-west: neither is what geoproximity would say.
        Map<String, long[]> delays = Map.of("eu-west", new long[] {80, 10}, "us-east", new long[] {20, 70},
                "us-west", new long[] {60, 50});
        for (String region : REGIONS) {
            DelayedResponder london = new DelayedResponder(LONDON_RESOLVER, 0, delays.get(region)[0]);
            DelayedResponder seattle = new DelayedResponder(SEATTLE_RESOLVER, london.port(), delays.get(region)[1]);
            started.add(london);
            started.add(seattle);
            responders.put(region, Map.of(LONDON_RESOLVER, london, SEATTLE_RESOLVER, seattle));
            MeasureSettings settings = new MeasureSettings(MeasureSettings.Method.UDP_DNS, london.port(), 20, 10,
                    Duration.ofSeconds(1), Duration.ofSeconds(30));
            started.add(0, new LatencyMeasurer(region, settings, server.measurementTargets()::all,
                    server.latency().map(), Clock.systemUTC()).start());
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withNoMeasurementYetTheAnswerIsGeoproximitys() throws Exception {
        // Asked once: not enough for the node to count London as a target.
        assertEquals(ADDRESS.get("eu-west"), answer(LONDON, LONDON_RESOLVER));
        assertEquals("geoproximity", explainLatency(LONDON).getString("level"));
    }

    @Test
    void queriesAreAnsweredFromTheRegionOfLeastDelayAndFollowAChange() throws Exception {
        Await.until(WITHIN, "London answered from us-east, Seattle from eu-west", () ->
                ADDRESS.get("us-east").equals(keepAsking(LONDON, LONDON_RESOLVER))
                        && ADDRESS.get("eu-west").equals(keepAsking(SEATTLE, SEATTLE_RESOLVER)));
        JsonObject latency = explainLatency(LONDON);
        assertEquals("network", latency.getString("level"), latency.encodePrettily());
        assertTrue(latency.getJsonArray("rtts").getString(0).startsWith("us-east="), latency.encodePrettily());

        // us-west gets much faster for London: answers follow as the smoothed RTT comes down.
        responders.get("us-west").get(LONDON_RESOLVER).delay(1);
        Await.until(WITHIN, "London moved to us-west",
                () -> ADDRESS.get("us-west").equals(keepAsking(LONDON, LONDON_RESOLVER)));
    }

    /** Asks a few times (so the node keeps counting the network as busy) and returns the last answer. */
    private String keepAsking(String ecs, String resolver) {
        String last = null;
        for (int i = 0; i < 16; i++) {
            try {
                last = answer(ecs, resolver);
            } catch (Exception e) {
                last = null;
            }
        }
        return last;
    }

    private String answer(String ecs, String resolverAddress) throws Exception {
        InetSocketAddress listener = server.boundAddresses().get(0);
        SimpleResolver resolver = new SimpleResolver(listener);
        resolver.setLocalAddress(new InetSocketAddress(ClientNetwork.literal(resolverAddress), 0));
        resolver.setTimeout(Duration.ofSeconds(5));
        Message query = TestServer.newQuery("fast.gslb.example.", Type.A);
        Cidr subnet = Cidr.parse(ecs);
        query.addRecord(new OPTRecord(1232, 0, 0, 0,
                List.of(new ClientSubnetOption(subnet.prefixLength(), subnet.address()))), Section.ADDITIONAL);
        resolver.setEDNS((OPTRecord) null);
        return resolver.send(query).getSection(Section.ANSWER).get(0).rdataToString();
    }

    private JsonObject explainLatency(String ecs) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + adminPort + "/api/v1/explain?name=fast.gslb.example&type=A&client="
                        + LONDON_RESOLVER + "&ecs=" + URLEncoder.encode(ecs, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer reader-0123456789").timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body()).getJsonObject("why").getJsonArray("gslb").getJsonObject(0)
                .getJsonObject("latency");
    }
}
