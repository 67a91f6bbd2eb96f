package dev.meridian.server.querylog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.testing.Await;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Real queries over real sockets to a node with the query log on; every line read back as JSON. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class QueryLogTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private MeridianServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path start(double sample, int maxPerSecond) throws Exception {
        Path zones = TestZones.write(dir, """
                regions:
                  eu: {endpoints: {lb: {addresses: [192.0.2.20]}}}
                  us: {endpoints: {lb: {addresses: [198.51.100.20]}}}
                names:
                  lb: {chain: [health, failover], endpoints: [eu, us], ttl: 2}
                """);
        Path log = dir.resolve("queries.jsonl");
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones,
                "log-node", TcpLimits.DEFAULT, ServerConfig.DEFAULT_GEO_DATABASES, TestServer.health(dir))
                .withQueryLog(new QueryLogOptions(log, sample, maxPerSecond, 1000));
        server = MeridianServer.start(ConfigSource.fixed(config), false);
        return log;
    }

    private SimpleResolver resolver(boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(server.boundAddresses().get(0));
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver;
    }

    private static List<JsonObject> lines(Path log) throws Exception {
        return Files.readAllLines(log).stream().map(JsonObject::new).toList();
    }

    @Test
    void eachAnsweredQueryIsOneJsonLineWithItsFacts() throws Exception {
        Path log = start(1.0, 1000);
        Message query = TestServer.newQuery("lb.gslb.example.", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24,
                InetAddress.getByName("203.0.113.0")))), org.xbill.DNS.Section.ADDITIONAL);
        resolver(false).send(query);
        resolver(true).send(TestServer.newQuery("nothing-here.gslb.example.", Type.AAAA));
        Await.until(WAIT, "two lines written", () -> Files.exists(log) && sizeOf(log) == 2);
        List<JsonObject> lines = lines(log);

        JsonObject gslb = lines.get(0);
        assertEquals("127.0.0.1", gslb.getString("client"));
        assertEquals("203.0.113.0/24", gslb.getString("ecs"));
        assertEquals("lb.gslb.example.", gslb.getString("qname"));
        assertEquals("A", gslb.getString("qtype"));
        assertEquals("NOERROR", gslb.getString("rcode"));
        assertEquals(new JsonArray().add("A 192.0.2.20"), gslb.getJsonArray("answer"));
        assertEquals("eu", gslb.getString("region"));
        assertEquals(0, gslb.getInteger("scope"), "failover does not look at the client");
        assertTrue(gslb.getLong("micros") >= 0, gslb.encode());
        assertEquals("udp", gslb.getString("transport"));
        assertTrue(java.time.Instant.parse(gslb.getString("time")).isAfter(java.time.Instant.now().minusSeconds(60)));

        JsonObject negative = lines.get(1);
        assertEquals("NXDOMAIN", negative.getString("rcode"));
        assertEquals("tcp", negative.getString("transport"));
        assertNull(negative.getString("ecs"));
        assertNull(negative.getString("region"));
        assertNull(negative.getValue("scope"));
        assertEquals(0, negative.getJsonArray("answer").size());
    }

    @Test
    void aFloodIsHeldToTheRateAndEveryLineIsCounted() throws Exception {
        Path log = start(1.0, 5);
        SimpleResolver udp = resolver(false);
        for (int i = 0; i < 40; i++) {
            udp.send(TestServer.newQuery("lb.gslb.example.", Type.A));
        }
        Await.until(WAIT, "lines written", () -> Files.exists(log) && sizeOf(log) > 0);
        java.util.Map<String, Long> perSecond = new java.util.TreeMap<>();
        for (JsonObject line : lines(log)) {
            perSecond.merge(line.getString("time").substring(0, 19), 1L, Long::sum);
        }
        assertTrue(perSecond.values().stream().allMatch(n -> n <= 5), "at most 5 lines a second: " + perSecond);
        assertTrue(lines(log).size() < 40, "some were held back");
    }

    @Test
    void samplingAtZeroLogsNothing() throws Exception {
        Path log = start(0.0, 1000);
        for (int i = 0; i < 20; i++) {
            resolver(false).send(TestServer.newQuery("lb.gslb.example.", Type.A));
        }
        server.close();
        assertEquals(0, Files.readAllLines(log).size());
        server = null;
    }

    private static long sizeOf(Path log) {
        try {
            return Files.readAllLines(log).size();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
