package dev.meridian.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** /metrics of a real node: counters move by exactly the queries sent, and no label names a client or a query. */
class MetricsTest {
    @TempDir
    Path dir;

    private MeridianServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Path zones = TestZones.write(dir, TestZones.EXAMPLE_POLICY);
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones,
                "metrics-node", TcpLimits.DEFAULT, List.of(Path.of("../geo-data/demo-city.mmdb")), TestServer.health(dir),
                AdminOptions.loopback(0, List.of(AdminToken.of("r", AdminToken.Access.READ_ONLY, "metrics-reader"))));
        server = MeridianServer.start(ConfigSource.fixed(config), false);
        port = server.adminPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        return response.body();
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.Ee+-]+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private SimpleResolver resolver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(server.boundAddresses().get(0));
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(5));
        return r;
    }

    @Test
    void theAnycastAnnouncementIsAGaugePerPrefixWithItsTransitionsCounted() throws Exception {
        String announced = "meridian_anycast_announced{prefix=\"192.0.2.53/32\"}";
        server.announce(new dev.meridian.server.anycast.AnycastOptions(
                List.of(dev.meridian.server.geo.Cidr.parse("192.0.2.53/32")), server.boundAddresses().get(0),
                org.xbill.DNS.Name.fromString("www.gslb.example."), Type.A, Duration.ofMillis(200),
                Duration.ofMillis(150), 1, 1, Duration.ZERO, Duration.ZERO,
                dev.meridian.server.anycast.DegradedRoute.SAME), dir.resolve("anycast.json"), line -> { });

        org.awaitility.Awaitility.await("announced").atMost(Duration.ofSeconds(20))
                .until(() -> value(scrape(), announced) == 1);
        String text = scrape();
        assertEquals(1, value(text, "meridian_anycast_transitions_total{to=\"announced\"}"), text);
        assertEquals(0, value(text, "meridian_anycast_degraded"), text);
    }

    @Test
    void queryCountersMoveByExactlyTheQueriesSent() throws Exception {
        String aUdp = "meridian_dns_queries_total{qtype=\"A\",rcode=\"NOERROR\",transport=\"udp\"}";
        String nxUdp = "meridian_dns_queries_total{qtype=\"A\",rcode=\"NXDOMAIN\",transport=\"udp\"}";
        String aaaaTcp = "meridian_dns_queries_total{qtype=\"AAAA\",rcode=\"NOERROR\",transport=\"tcp\"}";
        String zone = "meridian_dns_zone_queries_total{zone=\"gslb.example.\"}";
        String before = scrape();

        for (int i = 0; i < 25; i++) {
            resolver(false).send(TestServer.newQuery("www.gslb.example.", Type.A));
        }
        for (int i = 0; i < 7; i++) {
            resolver(false).send(TestServer.newQuery("nx" + i + ".gslb.example.", Type.A));
        }
        for (int i = 0; i < 3; i++) {
            resolver(true).send(TestServer.newQuery("www.gslb.example.", Type.AAAA));
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] shortPacket = {1, 2, 3};
            socket.send(new DatagramPacket(shortPacket, shortPacket.length, server.boundAddresses().get(0)));
        }
        String after = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(this::scrape, text -> value(text, "meridian_dns_dropped_total{transport=\"udp\"}") >= 1);

        assertEquals(25, value(after, aUdp) - value(before, aUdp));
        assertEquals(7, value(after, nxUdp) - value(before, nxUdp));
        assertEquals(3, value(after, aaaaTcp) - value(before, aaaaTcp));
        assertEquals(35, value(after, zone) - value(before, zone));
        assertEquals(1, value(after, "meridian_dns_dropped_total{transport=\"udp\"}"));
    }

    @Test
    void gslbAnswersAreCountedByNameAndRegion() throws Exception {
        for (int i = 0; i < 4; i++) {
            resolver(false).send(TestServer.newQuery("geo.gslb.example.", Type.A));
        }
        String text = scrape();
        double eu = value(text, "meridian_gslb_answers_total{name=\"geo.gslb.example.\",region=\"eu\"}");
        double us = value(text, "meridian_gslb_answers_total{name=\"geo.gslb.example.\",region=\"us\"}");
        assertEquals(4, eu + us, text);
        assertTrue(text.contains("meridian_config_info{version=\"" + server.configuration().shortDigest() + "\"} 1"));
        assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics");
    }

    @Test
    void noLabelHoldsAClientAddressOrAQueryName() throws Exception {
        resolver(false).send(TestServer.newQuery("secret-name.gslb.example.", Type.A));
        String text = scrape();
        assertFalse(text.contains("secret-name"), "a query name in a label");
        assertFalse(text.contains("127.0.0.1"), "a client address in a label");
    }
}
