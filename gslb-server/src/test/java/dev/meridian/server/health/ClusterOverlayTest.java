package dev.meridian.server.health;

import static dev.meridian.server.health.HealthNodes.EU;
import static dev.meridian.server.health.HealthNodes.US;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ClusterOptions;
import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.config.HealthOptions;
import dev.meridian.server.testing.ClientNetworks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator overlays are cluster state: a change made through one node's admin API is obeyed by every node, and
 * survives a restart of them all. Three real members on loopback; where the overlay must win over observed health,
 * each with an agent checking MockWebServer backends.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterOverlayTest {
    private static final String TOKEN = "cluster-writer-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A generous bound for what a loaded machine may take: a cluster to form, checks to agree, a drain to pass. */
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The longest TTL of the names eu is in, in the drain test. */
    private static final Duration DRAIN_TTL = Duration.ofSeconds(5);
    /** What docs/api.md adds to a drain's TTL wait: "a second for the change to reach every node". */
    private static final Duration DRAIN_PROPAGATION = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private Backend eu;
    private Backend us;
    private Path zones;
    private List<HostPort> members;
    private String cluster;
    private final List<MeridianServer> nodes = new ArrayList<>();

    @BeforeEach
    void backends() throws Exception {
        eu = new Backend();
        us = new Backend();
        zones = HealthNodes.zones(dir, eu, us);
        // Beside www (failover), a weighted name over the same endpoints, for the weight and slow-start tests.
        Path policy = zones.resolve("gslb.example.policy.yaml");
        java.nio.file.Files.writeString(policy, java.nio.file.Files.readString(policy)
                + "  split: {chain: [health, weighted], endpoints: [eu, us], ttl: 2}\n");
        members = HealthNodes.members(3);
        cluster = "overlays-" + System.nanoTime();
    }

    @AfterEach
    void stop() throws Exception {
        stopNodes();
        eu.close();
        us.close();
    }

    private void stopNodes() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        nodes.clear();
    }

    /** Three nodes without agents: nothing is observed, so only overlays move the answers. */
    private void startNodes() throws Exception {
        startNodes(false);
    }

    /** Three nodes, each with an agent checking both backends when {@code agents}. */
    private void startNodes(boolean agents) throws Exception {
        for (int i = 0; i < 3; i++) {
            nodes.add(startNode(i, agents));
        }
    }

    /** Node {@code i}, keeping its state (health and overlays) in its own directory across restarts. */
    private MeridianServer startNode(int i, boolean agents) throws Exception {
        HealthOptions options = HealthNodes.options(dir.resolve("node" + i), "eu", agents)
                .withCluster(new HealthOptions.Cluster(new ClusterOptions(cluster, members), members.get(i)));
        return HealthNodes.start(zones, "node" + i, options);
    }

    private void change(MeridianServer node, String method, String path, String body) throws Exception {
        assertEquals(200, send(node, method, path, body).statusCode());
    }

    private HttpResponse<String> send(MeridianServer node, String method, String path, String body) throws Exception {
        int port = node.adminPort() > 0 ? node.adminPort() : node.startAdmin(AdminOptions.loopback(0,
                List.of(AdminToken.of("ops", AdminToken.Access.READ_WRITE, TOKEN))));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private void awaitEvery(String expected, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> nodes.stream().allMatch(n -> HealthNodes.answer(n).equals(expected)));
    }

    /**
     * Asks every node where www is until {@code condition} holds, failing at the first answer that is not
     * {@code expected} or after {@code limit}: an answer that must hold throughout, not at one moment.
     */
    private void everyAnswerIsWhileAwaiting(String expected, Duration limit, String what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int asked = 0;
        while (true) {
            for (MeridianServer node : nodes) {
                assertEquals(expected, HealthNodes.answer(node), "answer " + (asked + 1) + " while awaiting " + what);
                asked++;
            }
            if (condition.getAsBoolean()) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "not within " + limit + ": " + what);
            Thread.sleep(50); // polling pace
        }
    }

    /** Every node answers {@code expected} to every question asked over {@code period}. */
    private void everyAnswerIsFor(String expected, Duration period) throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        everyAnswerIsWhileAwaiting(expected, period.plusSeconds(10), period + " of answers",
                () -> System.nanoTime() >= end);
    }

    /** The node's status of one endpoint ({@code region/name}). */
    private JsonObject endpoint(MeridianServer node, String id) throws Exception {
        return new JsonObject(send(node, "GET", "/api/v1/status", null).body()).getJsonObject("node")
                .getJsonArray("endpoints").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("id").equals(id)).findFirst().orElseThrow();
    }

    /** Whether every node's status shows eu/lb forced down while fresh observations of its checks see it up. */
    private boolean everyNodeShowsEuForcedDownThoughSeenUp() {
        return nodes.stream().allMatch(n -> {
            try {
                JsonObject eu = endpoint(n, "eu/lb");
                return eu.getString("state").equals("forced-down") && eu.getString("observed").equals("up")
                        && !eu.getBoolean("stale");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aDrainThroughOneNodeMovesTheAnswersOfEveryNodeWithinTwoSeconds() throws Exception {
        startNodes();
        awaitEvery(EU, Duration.ofSeconds(10));

        change(nodes.get(0), "POST", "/api/v1/regions/eu/drain", null);
        awaitEvery(US, Duration.ofSeconds(2));

        change(nodes.get(2), "DELETE", "/api/v1/regions/eu/drain", "{\"slow-start\": \"0s\"}");
        awaitEvery(EU, Duration.ofSeconds(2));

        // Either node's API shows both changes, newest first, each with the node that made it.
        await().atMost(Duration.ofSeconds(5)).until(() -> new io.vertx.core.json.JsonObject(
                send(nodes.get(1), "GET", "/api/v1/audit", null).body()).getJsonArray("changes").size() == 2);
        io.vertx.core.json.JsonArray changes = new io.vertx.core.json.JsonObject(
                send(nodes.get(1), "GET", "/api/v1/audit", null).body()).getJsonArray("changes");
        assertEquals("undrain eu", changes.getJsonObject(0).getString("action"));
        assertEquals("node2", changes.getJsonObject(0).getString("node"));
        assertEquals("drain eu", changes.getJsonObject(1).getString("action"));
        assertEquals("node0", changes.getJsonObject(1).getString("node"));
        assertEquals("ops", changes.getJsonObject(1).getString("token"));
    }

    @Test
    void aDrainIsDrainingOnTheOtherNodesUntilTheLongestTtlOfItsNamesHasPassedThenDrained() throws Exception {
        // The longest TTL of the names eu is in (www's, above split's 2 s) bounds the wait; 5 s keeps the test short.
        Path policy = zones.resolve("gslb.example.policy.yaml");
        Files.writeString(policy, Files.readString(policy).replace("ttl: 30", "ttl: " + DRAIN_TTL.toSeconds()));
        startNodes();
        awaitEvery(EU, Duration.ofSeconds(10));

        Instant asked = Instant.now();
        change(nodes.get(0), "POST", "/api/v1/regions/eu/drain", null);
        Instant done = Instant.now();

        // Watch the two nodes that did not take the drain until both say drained; every reading must fit the clock.
        boolean[] draining = new boolean[3];
        boolean[] drained = new boolean[3];
        long deadline = System.nanoTime() + DRAIN_TTL.plus(WAIT).toNanos();
        while (!(drained[1] && drained[2])) {
            for (int i = 1; i <= 2; i++) {
                Instant before = Instant.now();
                JsonObject eu = endpoint(nodes.get(i), "eu/lb");
                Instant after = Instant.now();
                String state = eu.getString("state");
                if (state.equals("up")) {
                    assertFalse(draining[i] || drained[i], "node" + i + " undrained by itself");
                    continue; // the drain has not reached it yet
                }
                Instant drainedAt = Instant.parse(eu.getString("drainedAt"));
                assertFalse(drainedAt.isBefore(asked) || drainedAt.isAfter(done), "drained at " + drainedAt
                        + ", asked from " + asked + " to " + done);
                Instant ttlPassed = drainedAt.plus(DRAIN_PROPAGATION).plus(DRAIN_TTL);
                if (state.equals("draining")) {
                    assertFalse(drained[i], "node" + i + " said drained, then draining");
                    assertTrue(before.isBefore(ttlPassed), "node" + i + " still draining at " + before
                            + ", after the TTL passed at " + ttlPassed);
                    draining[i] = true;
                } else {
                    assertEquals("drained", state, "node" + i);
                    assertTrue(draining[i], "node" + i + " said drained without draining first");
                    assertFalse(after.isBefore(ttlPassed), "node" + i + " drained by " + after
                            + ", before the TTL passed at " + ttlPassed);
                    drained[i] = true;
                }
                assertEquals(US, HealthNodes.answer(nodes.get(i)), "node" + i + " answers around eu once drained");
            }
            assertTrue(System.nanoTime() < deadline, "not drained on both other nodes by " + Instant.now());
            Thread.sleep(50); // polling pace
        }
    }

    @Test
    void aWeightSetThroughOneNodeMovesTheWeightedSplitOfAnother() throws Exception {
        startNodes();
        change(nodes.get(0), "PUT", "/api/v1/endpoints/eu/lb/weight", "{\"weight\": 3}");
        await().atMost(Duration.ofSeconds(2)).until(() -> nodes.get(2).table()
                .weight(nodes.get(2).gslb().endpoints().get(0).index(), 1) == 3);
        double share = ClientNetworks.share(nodes.get(2).boundAddresses().get(0), "split.gslb.example.", EU, 10_000);
        assertTrue(Math.abs(share - 0.75) <= 0.02, "eu's share with weights 3:1 on another node was " + share);
    }

    @Test
    void anUndrainWithASlowStartThroughOneNodeRampsTheRegionOnAnother() throws Exception {
        startNodes();
        change(nodes.get(0), "POST", "/api/v1/regions/eu/drain", null);
        awaitEvery(US, Duration.ofSeconds(2));
        long start = System.currentTimeMillis();
        change(nodes.get(0), "DELETE", "/api/v1/regions/eu/drain", "{\"slow-start\": \"20s\"}");
        double previous = 0;
        for (double point : new double[] {0.25, 0.5, 0.75}) {
            long at = start + (long) (point * 20_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() >= at);
            long before = System.currentTimeMillis();
            double share = ClientNetworks.share(nodes.get(2).boundAddresses().get(0), "www.gslb.example.", EU,
                    10_000);
            double expected = ((before + System.currentTimeMillis()) / 2.0 - start) / 20_000;
            assertTrue(Math.abs(share - expected) <= 0.07, "share " + share + ", expected about " + expected);
            assertTrue(share > previous, "the share must grow: " + previous + " then " + share);
            previous = share;
        }
    }

    @Test
    void everyNodesStatusListsTheWholeClusterAndWhetherItAgrees() throws Exception {
        startNodes();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            io.vertx.core.json.JsonObject cluster = new io.vertx.core.json.JsonObject(
                    send(nodes.get(2), "GET", "/api/v1/status", null).body()).getJsonObject("cluster");
            return cluster.getJsonArray("nodes").size() == 3 && cluster.getBoolean("agree");
        });
    }

    @Test
    void aForcedDownEndpointStaysDownAcrossARestartOfEveryNodeThoughItsChecksSeeItUp() throws Exception {
        startNodes(true);
        awaitEvery(EU, WAIT);
        change(nodes.get(1), "PUT", "/api/v1/endpoints/eu/lb/force", "{\"state\": \"down\"}");
        awaitEvery(US, Duration.ofSeconds(2));
        // The overlay wins over what the vantages see: without it, every node would answer eu.
        everyAnswerIsWhileAwaiting(US, WAIT, "every node's checks seeing eu up while it is forced down",
                this::everyNodeShowsEuForcedDownThoughSeenUp);

        stopNodes();
        startNodes(true);

        // From the restarted nodes' first answers on, through their checks seeing eu up again, and beyond.
        everyAnswerIsWhileAwaiting(US, WAIT, "every restarted node's checks seeing eu up while it is forced down",
                this::everyNodeShowsEuForcedDownThoughSeenUp);
        everyAnswerIsFor(US, Duration.ofSeconds(3));
    }

    @Test
    void aNodeRestartedAfterTheOthersClearedAForceDoesNotBringItBack() throws Exception {
        startNodes();
        awaitEvery(EU, Duration.ofSeconds(10));
        change(nodes.get(0), "PUT", "/api/v1/endpoints/eu/lb/force", "{\"state\": \"down\"}");
        awaitEvery(US, Duration.ofSeconds(2));
        nodes.remove(2).close();
        Path awayFile = dir.resolve("node2").resolve("overlays.json");
        assertTrue(Files.readString(awayFile).contains("\"forced\""), "node2 left remembering the force");

        change(nodes.get(1), "DELETE", "/api/v1/endpoints/eu/lb/force", null);
        awaitEvery(EU, Duration.ofSeconds(2));
        nodes.add(startNode(2, false));

        everyAnswerIsFor(EU, Duration.ofSeconds(3));
        JsonArray overlays = new JsonObject(send(nodes.get(2), "GET", "/api/v1/overlays", null).body())
                .getJsonArray("overlays");
        assertTrue(overlays.isEmpty(), "the rejoined node shows no overlay in force: " + overlays.encode());
        assertFalse(Files.readString(awayFile).contains("\"forced\""), "its file follows the cluster: "
                + Files.readString(awayFile));
    }
}
