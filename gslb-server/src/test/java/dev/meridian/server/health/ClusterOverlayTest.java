package dev.meridian.server.health;

import static dev.meridian.server.health.HealthNodes.EU;
import static dev.meridian.server.health.HealthNodes.US;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ClusterOptions;
import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.config.HealthOptions;
import dev.meridian.server.testing.ClientNetworks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator overlays are cluster state: a change made through one node's admin API is obeyed by every node, and
 * survives a restart of them all. Three real members on loopback.
 */
class ClusterOverlayTest {
    private static final String TOKEN = "cluster-writer-0123456789";

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
        for (int i = 0; i < 3; i++) {
            HealthOptions options = HealthNodes.options(dir.resolve("node" + i), "eu", false)
                    .withCluster(new HealthOptions.Cluster(new ClusterOptions(cluster, members), members.get(i)));
            nodes.add(HealthNodes.start(zones, "node" + i, options));
        }
    }

    private void change(MeridianServer node, String method, String path, String body) throws Exception {
        assertEquals(200, send(node, method, path, body).statusCode());
    }

    private HttpResponse<String> send(MeridianServer node, String method, String path, String body) throws Exception {
        int port = node.adminPort() > 0 ? node.adminPort() : node.startAdmin(AdminOptions.loopback(0,
                List.of(AdminToken.of("ops", AdminToken.Access.READ_WRITE, TOKEN))));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
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
    void aForcedDownEndpointStaysDownAcrossARestartOfEveryNode() throws Exception {
        startNodes();
        change(nodes.get(1), "PUT", "/api/v1/endpoints/eu/lb/force", "{\"state\": \"down\"}");
        awaitEvery(US, Duration.ofSeconds(2));

        stopNodes();
        startNodes();

        awaitEvery(US, Duration.ofSeconds(10));
    }
}
