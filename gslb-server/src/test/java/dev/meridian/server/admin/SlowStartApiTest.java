package dev.meridian.server.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A slow start begun through the admin API of a real node, seen in its DNS answers: weighted and hash names ramp the
 * endpoint's weight, a failover name paces it per client network, and explain agrees with the answers meanwhile.
 */
class SlowStartApiTest {
    private static final String TOKEN = "slow-start-writer-0123456789";
    private static final String EU = "192.0.2.20";
    private static final String POLICY = """
            regions:
              eu: {endpoints: {lb: {addresses: [192.0.2.20]}}}
              us: {endpoints: {lb: {addresses: [198.51.100.20]}}}
            names:
              lb: {chain: [health, failover], endpoints: [eu, us], ttl: 2}
              split: {chain: [health, weighted], endpoints: [eu, us], ttl: 2}
              sticky: {chain: [health, hash], endpoints: [eu, us], ttl: 2}
            """;
    /**
     * Long enough to measure at two points of it with time to spare on a loaded machine (a measurement may take
     * seconds there, and must end before the ramp does), short enough to wait through.
     */
    private static final long RAMP_MILLIS = 20_000;
    /** Queries (or networks) per measurement: a share within ±0.03 is then over four standard deviations wide. */
    private static final int SAMPLES = 5_000;

    @TempDir
    Path dir;

    private MeridianServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Path zones = TestZones.write(dir, POLICY);
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)),
                zones, "slow-start-node", TcpLimits.DEFAULT, ServerConfig.DEFAULT_GEO_DATABASES,
                TestServer.health(dir));
        server = MeridianServer.start(ConfigSource.fixed(config), false);
        port = server.startAdmin(AdminOptions.loopback(0, List.of(AdminToken.of("ops", Access.READ_WRITE, TOKEN))));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Starts eu/lb's slow start; returns when it began, as the node that took the call says. */
    private long slowStartEu() throws Exception {
        HttpResponse<String> response = AdminHttp.send(port, "POST", "/api/v1/endpoints/eu/lb/slow-start", TOKEN,
                "{\"duration\": \"" + RAMP_MILLIS / 1000 + "s\"}");
        assertEquals(200, response.statusCode(), response.body());
        return Instant.parse(new JsonObject(response.body()).getJsonObject("overlay").getString("slowStartFrom"))
                .toEpochMilli();
    }

    private static void awaitRamp(long start, double point) {
        long at = start + (long) (point * RAMP_MILLIS);
        await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() >= at);
    }

    /** The ramp fraction in the middle of a measurement that ran from {@code before} to now, which ended in it. */
    private static double fractionSince(long start, long before) {
        long now = System.currentTimeMillis();
        assertTrue(now < start + RAMP_MILLIS, "the measurement outlasted the ramp: " + (now - before) + " ms");
        return ((before + now) / 2.0 - start) / RAMP_MILLIS;
    }

    private InetSocketAddress dns() {
        return server.boundAddresses().get(0);
    }

    @Test
    void aWeightedEndpointsShareGrowsWithItsWeightTimesItsRamp() throws Exception {
        long start = slowStartEu();
        double previous = 0;
        for (double point : new double[] {0.25, 0.6}) {
            awaitRamp(start, point);
            long before = System.currentTimeMillis();
            double share = ClientNetworks.share(dns(), "split.gslb.example.", EU, SAMPLES);
            double fraction = fractionSince(start, before);
            // eu at weight 1 × fraction beside us at 1; paced per network instead, it would be fraction / 2.
            double expected = fraction / (fraction + 1);
            assertEquals(expected, share, 0.03, "eu's share at " + fraction + " of its ramp");
            assertTrue(share > previous, "the share must grow: " + previous + " then " + share);
            previous = share;
        }
    }

    @Test
    void aHashEndpointTakesAGrowingShareOfNetworksAndKeepsEachItTakes() throws Exception {
        int networks = SAMPLES;
        long start = slowStartEu();
        BitSet earlier = null;
        for (double point : new double[] {0.25, 0.6}) {
            awaitRamp(start, point);
            long before = System.currentTimeMillis();
            BitSet onEu = ClientNetworks.answering(dns(), "sticky.gslb.example.", EU, networks);
            double fraction = fractionSince(start, before);
            assertEquals(fraction / (fraction + 1), (double) onEu.cardinality() / networks, 0.03,
                    "eu's share of networks at " + fraction + " of its ramp");
            if (earlier != null) {
                BitSet left = (BitSet) earlier.clone();
                left.andNot(onEu);
                assertTrue(left.isEmpty(), left.cardinality() + " networks left eu as its ramp grew");
                assertTrue(onEu.cardinality() > earlier.cardinality(), "the share must grow");
            }
            earlier = onEu;
        }
    }

    /**
     * For each network: a query, its explanation, another query. The ramp only grows and moves a network once, so
     * when the two queries agree the explanation came between them with the same answer to give.
     */
    @Test
    void explainAgreesWithTheAnswersDuringARamp() throws Exception {
        long start = slowStartEu();
        awaitRamp(start, 0.4);
        for (String name : List.of("lb", "sticky")) {
            int compared = 0;
            Set<String> answered = new HashSet<>();
            boolean pacingShown = false;
            for (int i = 0; i < 40; i++) {
                String ecs = ClientNetworks.network(i).getHostAddress() + "/24";
                Message first = query(name + ".gslb.example.", ecs);
                JsonObject explained = explain(name + ".gslb.example", ecs);
                Message second = query(name + ".gslb.example.", ecs);
                if (!records(first).equals(records(second))) {
                    continue;
                }
                compared++;
                answered.addAll(records(first));
                JsonObject answer = explained.getJsonObject("answer");
                assertEquals(Rcode.string(first.getRcode()), answer.getString("rcode"), explained.encodePrettily());
                assertEquals(records(first), new TreeSet<>(answer.getJsonArray("records").stream()
                        .map(String::valueOf).toList()), explained.encodePrettily());
                assertEquals(scope(first), answer.getInteger("ecsScope"), explained.encodePrettily());
                JsonArray steps = explained.getJsonObject("why").getJsonArray("gslb").getJsonObject(0)
                        .getJsonArray("steps");
                pacingShown |= steps.stream().map(JsonObject.class::cast)
                        .anyMatch(s -> s.getString("step").equals("slow-start"));
            }
            assertTrue(compared >= 30, name + ": only " + compared + " of 40 networks were asked within one answer");
            assertEquals(2, answered.size(), name + ": the ramp should split the networks: " + answered);
            assertEquals(name.equals("lb"), pacingShown, name + ": explain shows pacing where the chain paces");
        }
    }

    private Message query(String name, String ecs) throws Exception {
        SimpleResolver resolver = new SimpleResolver(dns());
        resolver.setTimeout(Duration.ofSeconds(5));
        resolver.setEDNS((OPTRecord) null);
        Message query = TestServer.newQuery(name, Type.A);
        String[] parts = ecs.split("/");
        query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(Integer.parseInt(parts[1]),
                java.net.InetAddress.getByName(parts[0])))), Section.ADDITIONAL);
        return resolver.send(query);
    }

    private static Set<String> records(Message reply) {
        return reply.getSection(Section.ANSWER).stream().map(Record::toString)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Integer scope(Message reply) {
        OPTRecord opt = reply.getOPT();
        return opt == null ? null : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).stream()
                .map(o -> ((ClientSubnetOption) o).getScopePrefixLength()).findFirst().orElse(null);
    }

    private JsonObject explain(String name, String ecs) throws Exception {
        HttpResponse<String> response = AdminHttp.send(port, "GET", "/api/v1/explain?name=" + name
                + "&type=A&client=127.0.0.1&ecs=" + URLEncoder.encode(ecs, StandardCharsets.UTF_8), TOKEN, null);
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body());
    }
}
