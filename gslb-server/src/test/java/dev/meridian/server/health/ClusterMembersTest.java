package dev.meridian.server.health;

import static dev.meridian.server.health.HealthNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.probes.config.ClusterOptions;
import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.config.HealthOptions;
import dev.meridian.server.testing.ClusterRig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A DNS node's gauge of its cluster's members, as two real nodes on loopback part and meet again. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterMembersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MEMBERS = "meridian_cluster_members";

    @TempDir
    Path dir;
    @RegisterExtension
    final ClusterRig rig = new ClusterRig();

    @Test
    void aNodeCountsTheMembersItSeesDownToItselfAndUpAgain() throws Exception {
        Backend eu = new Backend();
        Backend us = new Backend();
        rig.closeLater(eu);
        rig.closeLater(us);
        Path zones = HealthNodes.zones(dir, eu, us);
        List<HostPort> members = HealthNodes.members(2);
        ClusterOptions cluster = new ClusterOptions("test-" + System.nanoTime(), members);
        MeridianServer node = HealthNodes.startWithMetrics(zones, "a", HealthNodes.options(dir.resolve("a"), "eu",
                false).withCluster(new HealthOptions.Cluster(cluster, members.get(0))));
        rig.closeLater(node);
        HealthOptions other = HealthNodes.options(dir.resolve("b"), "us", false)
                .withCluster(new HealthOptions.Cluster(cluster, members.get(1)));

        MeridianServer first = HealthNodes.start(zones, "b", other);
        await(WAIT, "the node counts both members", () -> HealthNodes.metric(node, MEMBERS) == 2);
        first.close();
        await(WAIT, "the node counts itself alone", () -> HealthNodes.metric(node, MEMBERS) == 1);
        MeridianServer again = HealthNodes.start(zones, "b", other);
        rig.closeLater(again);
        await(WAIT, "the node counts both members again", () -> HealthNodes.metric(node, MEMBERS) == 2);
    }

    @Test
    void aNodeWithoutAClusterHasNoMembersGauge() throws Exception {
        Backend eu = new Backend();
        Backend us = new Backend();
        rig.closeLater(eu);
        rig.closeLater(us);
        MeridianServer node = HealthNodes.startWithMetrics(HealthNodes.zones(dir, eu, us), "solo",
                HealthNodes.options(dir.resolve("solo"), "eu", false));
        rig.closeLater(node);
        assertEquals(Double.NaN, HealthNodes.metric(node, MEMBERS), node.metricsText());
    }
}
