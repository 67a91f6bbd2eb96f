package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server's {@code /metrics} read by Prometheus's own Python client parser (Debian's
 * {@code python3-prometheus-client}) while dig sends a known number of queries: the counters move by exactly those
 * queries, and no label holds the client's address, its ECS subnet or a name it asked for.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetricsInteropIT {
    private static final InetAddress V4 = MetricsInteropIT.literal();
    private static final int GSLB_QUERIES = 12;
    private static final int OTHER_QUERIES = 8;
    /** The interpreter Debian's package installs into, whatever else is first on the PATH. */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3"
            : "python3";
    /** Prints each sample the text parser reads as one JSON line: name, labels, value (NaN and infinities as text). */
    private static final String PARSE = """
            import json, math, sys
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                for s in family.samples:
                    value = s.value if math.isfinite(s.value) else str(s.value)
                    print(json.dumps({"name": s.name, "labels": s.labels, "value": value}))
            """;

    @TempDir
    Path work;

    private static InetAddress literal() {
        return MeridianProcess.literal("127.0.0.1");
    }

    record Sample(String name, JsonObject labels, double value) {
    }

    @Test
    void countersMoveByExactlyTheQueriesSentAndNoLabelHoldsAClientOrAQname() throws Exception {
        Path zones = TestZones.write(work, """
                regions:
                  eu: {endpoints: {lb: {addresses: [192.0.2.20]}}}
                  us: {endpoints: {lb: {addresses: [198.51.100.20]}}}
                names:
                  lb: {chain: [health, failover], endpoints: [eu, us], ttl: 2}
                """);
        int adminPort = MeridianProcess.freePort(List.of(V4));
        try (MeridianProcess server = MeridianProcess.start(zones, "metrics-node", List.of(V4), work.resolve("run"),
                "--no-watch", "--admin", "127.0.0.1:" + adminPort)) {
            List<Sample> before = scrape(adminPort, "before");
            List<String> asked = new ArrayList<>();
            for (int i = 0; i < GSLB_QUERIES; i++) {
                Dig.query(V4, server.port(), "lb.gslb.example", "A", "+subnet=203.0.113.7/24");
                if (i == GSLB_QUERIES / 2) {
                    scrape(adminPort, "during"); // parses while queries are being answered
                }
            }
            for (int i = 0; i < OTHER_QUERIES; i++) {
                String name = "q" + i + "-" + Long.toHexString(System.nanoTime()) + ".gslb.example";
                asked.add(name);
                Dig.query(V4, server.port(), name, "AAAA");
            }
            List<Sample> after = scrape(adminPort, "after");

            assertEquals(GSLB_QUERIES + OTHER_QUERIES, delta(before, after, "meridian_dns_queries_total", l -> true),
                    "every query counted once");
            assertEquals(OTHER_QUERIES, delta(before, after, "meridian_dns_queries_total",
                    l -> "NXDOMAIN".equalsIgnoreCase(l.getString("rcode"))), "the unknown names, by rcode");
            assertEquals(GSLB_QUERIES, delta(before, after, "meridian_gslb_answers_total",
                    l -> "eu".equals(l.getString("region"))), "GSLB answers naming eu");

            for (Sample s : after) {
                for (String key : s.labels().fieldNames()) {
                    String value = s.labels().getString(key);
                    assertFalse(value.contains("127.0.0.1") || value.contains("203.0.113"),
                            "a client address in " + s);
                    assertTrue(asked.stream().noneMatch(value::contains), "a query name in " + s);
                }
            }
        }
    }

    private static double delta(List<Sample> before, List<Sample> after, String name, Predicate<JsonObject> labels) {
        return sum(after, name, labels) - sum(before, name, labels);
    }

    private static double sum(List<Sample> samples, String name, Predicate<JsonObject> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && labels.test(s.labels()))
                .mapToDouble(Sample::value).sum();
    }

    /** GET /metrics on loopback without a token, parsed by the Prometheus client's text parser. */
    private List<Sample> scrape(int port, String label) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Path text = Files.writeString(work.resolve("metrics-" + label + ".txt"), response.body());
        Path out = work.resolve("samples-" + label + ".jsonl");
        Path err = work.resolve("parser-" + label + ".err");
        Process parser = new ProcessBuilder(PYTHON, "-c", PARSE, text.toString()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!parser.waitFor(60, TimeUnit.SECONDS)) {
            parser.destroyForcibly();
            throw new AssertionError("the parser did not finish");
        }
        assertEquals(0, parser.exitValue(), "the Prometheus parser refused the " + label + " scrape (install "
                + "Debian's python3-prometheus-client): " + Files.readString(err));
        List<Sample> samples = Files.readAllLines(out).stream().map(JsonObject::new)
                .map(j -> new Sample(j.getString("name"), j.getJsonObject("labels"),
                        j.getValue("value") instanceof Number n ? n.doubleValue() : Double.NaN))
                .toList();
        assertFalse(samples.isEmpty(), "no samples in the " + label + " scrape");
        return samples;
    }
}
