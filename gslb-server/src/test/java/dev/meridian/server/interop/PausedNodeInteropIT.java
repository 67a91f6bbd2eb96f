package dev.meridian.server.interop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.testing.ClusterPorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A whole DNS node process stopped for a minute ({@code SIGSTOP}: no thread runs, no socket is read, its cluster
 * peers see it vanish) while a backend dies, then resumed: it answers around the dead backend from fresh votes
 * within seconds, not after the cluster's merge (which waits 30 s). Two packaged servers in a cluster, each with its
 * embedded agent, HTTP checks against backends in this JVM.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PausedNodeInteropIT {
    private static final InetAddress V4 = MeridianProcess.literal("127.0.0.1");
    private static final String EU = "192.0.2.20";
    private static final String US = "198.51.100.20";
    private static final Duration PAUSE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private volatile int euStatus = 200;
    private MockWebServer eu;
    private MockWebServer us;

    @AfterEach
    void stopBackends() throws Exception {
        if (eu != null) {
            eu.close();
        }
        if (us != null) {
            us.close();
        }
    }

    private MockWebServer backend(boolean isEu) throws Exception {
        MockWebServer web = new MockWebServer();
        web.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(isEu ? euStatus : 200).build();
            }
        });
        web.start(V4, 0);
        return web;
    }

    @Test
    void aNodeResumedAfterAMinuteAnswersAroundABackendThatDiedMeanwhileWithinSeconds() throws Exception {
        eu = backend(true);
        us = backend(false);
        Path zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), """
                $ORIGIN gslb.example.
                $TTL 300
                @    IN SOA ns1 hostmaster 1 3600 600 86400 60
                @    IN NS  ns1
                ns1  IN A   192.0.2.53
                """);
        String check = "interval: 500ms, timeout: 250ms, rise: 2, fall: 2";
        Files.writeString(zones.resolve("gslb.example.policy.yaml"), """
                regions:
                  eu:
                    check: {type: http, address: 127.0.0.1, port: %d, path: /health, %s}
                    endpoints: {lb: {addresses: [%s]}}
                  us:
                    check: {type: http, address: 127.0.0.1, port: %d, path: /health, %s}
                    endpoints: {lb: {addresses: [%s]}}
                names:
                  www: {chain: [health, failover], endpoints: [eu, us], ttl: 5}
                """.formatted(eu.getPort(), check, EU, us.getPort(), check, US));
        int a = ClusterPorts.free();
        int b = ClusterPorts.free();
        String members = "127.0.0.1:" + a + ",127.0.0.1:" + b;
        try (MeridianProcess nodeA = MeridianProcess.start(zones, "node-a", List.of(V4), work.resolve("a"),
                "--member", members, "--cluster-bind", "127.0.0.1:" + a, "--region", "eu", "--rate-limit", "0");
                MeridianProcess nodeB = MeridianProcess.start(zones, "node-b", List.of(V4), work.resolve("b"),
                        "--member", members, "--cluster-bind", "127.0.0.1:" + b, "--region", "us",
                        "--rate-limit", "0")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> answer(nodeA).equals(EU) && answer(nodeB).equals(EU));

            nodeB.signal("STOP");
            long paused = System.nanoTime();
            euStatus = 503;
            await().atMost(Duration.ofSeconds(10)).until(() -> answer(nodeA).equals(US));
            long left = PAUSE.toNanos() - (System.nanoTime() - paused);
            // The pause is the fault being injected: it lasts its minute, there is no condition to wait for.
            TimeUnit.NANOSECONDS.sleep(Math.max(0, left));
            nodeB.signal("CONT");
            long resumed = System.nanoTime();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> answer(nodeB).equals(US));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumed);
            assertTrue(took < 10_000, "the resumed node answered around the dead backend after " + took + " ms");
            assertFalse(nodeB.log().contains("SEVERE"), nodeB.log());
            assertFalse(nodeA.log().contains("SEVERE"), nodeA.log());
        }
    }

    private static String answer(MeridianProcess node) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(V4, node.port()));
        resolver.setTimeout(Duration.ofMillis(500));
        try {
            Message reply = resolver.send(Message.newQuery(Record.newRecord(
                    Name.fromConstantString("www.gslb.example."), Type.A, DClass.IN)));
            List<Record> answer = reply.getSection(Section.ANSWER);
            return answer.isEmpty() ? "rcode " + reply.getRcode() : answer.get(0).rdataToString();
        } catch (java.io.IOException e) {
            return "no answer: " + e.getMessage();
        }
    }
}
