package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.interop.Dig.Rr;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server with {@code --log-format json}, in a cluster of one (Hazelcast in the process), through a
 * failover (a backend failing its HTTP checks) and two reloads (one refused): every line it printed parses with jq,
 * and the events carry their fields.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JsonLogInteropIT {
    private static final InetAddress V4 = MeridianProcess.literal("127.0.0.1");
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final String EU = "192.0.2.20";
    private static final String US = "198.51.100.20";

    @TempDir
    Path work;

    private volatile int status = 200;

    @Test
    void everyLineOfARunWithAFailoverAndReloadsIsJsonWithTheEventFields() throws Exception {
        try (MockWebServer backend = backend()) {
            Path zones = zones(backend.getPort());
            // A cluster of one, so Hazelcast runs in the process and its lines go through the same log.
            String member = "127.0.0.1:" + dev.meridian.probes.testing.ClusterPorts.free();
            try (MeridianProcess server = MeridianProcess.start(zones, "json-node", List.of(V4), work.resolve("run"),
                    "--log-format", "json", "--no-watch", "--member", member, "--cluster-name",
                    "json-" + System.nanoTime())) {
                await(server, "eu answered while healthy", () -> answer(server).equals(EU));
                status = 503;
                await(server, "us answered once eu fails its checks", () -> answer(server).equals(US));

                Path policy = zones.resolve("gslb.example.policy.yaml");
                String good = Files.readString(policy);
                Files.writeString(policy, "regions: [\n");
                server.signal("HUP");
                await(server, "the refused reload logged", () -> server.log().contains("\"result\":\"failed\""));
                Files.writeString(policy, good.replace("ttl: 30", "ttl: 31"));
                server.signal("HUP");
                await(server, "the reload logged", () -> server.log().contains("\"result\":\"loaded\""));
            }
            Path log = work.resolve("run").resolve("server-1.log");
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            assertFalse(lines.isEmpty());

            // jq reads the file as a stream of JSON texts: it fails on any line that is not one, and prints one
            // compact line per object, so the counts match only when every line is exactly one object.
            List<String> parsed = jq(log, "-c", "select(type == \"object\")");
            assertEquals(lines.size(), parsed.size(), "every line is one JSON object:\n" + String.join("\n", lines));

            JsonObject failover = only(jq(log, "-c", "select(.event == \"failover\" and .to == \"down\")"));
            assertEquals("gslb.example/eu/lb", failover.getString("endpoint"));
            assertEquals("up", failover.getString("from"));
            assertEquals(List.of("local/json-node"),
                    failover.getJsonObject("vantages").getJsonArray("down").getList(), failover.encode());

            List<JsonObject> reloads = jq(log, "-c", "select(.event == \"reload\")").stream().map(JsonObject::new)
                    .toList();
            assertEquals(List.of("failed", "loaded"), reloads.stream().map(r -> r.getString("result")).toList());
            reloads.forEach(r -> assertTrue(r.getString("version").matches("[0-9a-f]+"), r.encode()));
            assertTrue(reloads.get(0).getString("error").contains("gslb.example.policy.yaml:"), reloads.get(0).encode());
        }
    }

    private static JsonObject only(List<String> lines) {
        assertFalse(lines.isEmpty(), "no such event");
        return new JsonObject(lines.get(0));
    }

    /** Runs jq over the file; fails when jq does (a line that is not JSON). */
    private List<String> jq(Path file, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("jq"));
        command.addAll(List.of(args));
        command.add(file.toString());
        Path out = Files.createTempFile(work, "jq", ".out");
        Path err = Files.createTempFile(work, "jq", ".err");
        Process jq = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!jq.waitFor(30, TimeUnit.SECONDS)) {
            jq.destroyForcibly();
            throw new AssertionError("jq did not finish");
        }
        assertEquals(0, jq.exitValue(), "jq " + String.join(" ", args) + ": " + Files.readString(err));
        return Files.readAllLines(out);
    }

    private MockWebServer backend() throws IOException {
        MockWebServer web = new MockWebServer();
        web.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(status).build();
            }
        });
        web.start(V4, 0);
        return web;
    }

    private Path zones(int backendPort) throws IOException {
        Path zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE
                .replace("www      IN A    192.0.2.10\n", "").replace("www      IN AAAA 2001:db8::10\n", ""));
        String check = "{type: http, address: 127.0.0.1, port: " + backendPort
                + ", path: /health, interval: 200ms, timeout: 100ms, rise: 2, fall: 3}";
        Files.writeString(zones.resolve("gslb.example.policy.yaml"), """
                regions:
                  eu:
                    check: %s
                    endpoints: {lb: {addresses: [%s]}}
                  us:
                    endpoints: {lb: {addresses: [%s]}}
                names:
                  www: {chain: [health, {failover: {priority: [eu, us]}}], ttl: 30}
                """.formatted(check, EU, US));
        return zones;
    }

    private static String answer(MeridianProcess server) {
        try {
            return Dig.query(V4, server.port(), "www.gslb.example", "A").answer().stream().map(Rr::data)
                    .findFirst().orElse("");
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void await(MeridianProcess server, String what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(server.isAlive(), "the server exited; log:\n" + server.log());
            assertTrue(System.nanoTime() < deadline, "not within " + BOUND + ": " + what + "; log:\n" + server.log());
            Thread.sleep(100);
        }
    }
}
