package dev.meridian.server.health;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.meridian.probes.config.ClusterOptions;
import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.config.HealthOptions;
import dev.meridian.server.serving.ReloadResult;
import dev.meridian.server.testing.ClusterRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout of a policy change across two DNS nodes of one cluster: while their policy files differ, the agent checks
 * what either node needs; once both dropped an endpoint, nobody checks it. Real nodes, a real Hazelcast cluster, the
 * first node's embedded agent, and HTTP backends that count the checks they answer.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RolloutCheckPlanTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Five check intervals: long enough that a backend still checked would have been. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    @RegisterExtension
    final ClusterRig rig = new ClusterRig();

    private Backend backend() throws Exception {
        Backend backend = new Backend();
        rig.closeLater(backend);
        return backend;
    }

    /** A policy with a www name over eu and us, and, when {@code ap} is given, an apac name over that region. */
    private static String policy(Backend eu, Backend us, Backend ap) {
        String region = """
                  %s:
                    check: {type: http, address: 127.0.0.1, port: %d, path: /health, %s}
                    endpoints: {lb: {addresses: [%s]}}
                """;
        StringBuilder policy = new StringBuilder("regions:\n")
                .append(region.formatted("eu", eu.port(), HealthNodes.CHECK, HealthNodes.EU))
                .append(region.formatted("us", us.port(), HealthNodes.CHECK, HealthNodes.US));
        if (ap != null) {
            policy.append(region.formatted("ap", ap.port(), HealthNodes.CHECK, "203.0.113.20"));
        }
        policy.append("names:\n  www: {chain: [health, {failover: {priority: [eu, us]}}], ttl: 30}\n");
        if (ap != null) {
            policy.append("  apac: {chain: [health, {failover: {priority: [ap]}}], ttl: 30}\n");
        }
        return policy.toString();
    }

    private Path zones(String node, String policy) throws Exception {
        Path zones = Files.createDirectories(dir.resolve(node).resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), HealthNodes.ZONE);
        Files.writeString(zones.resolve("gslb.example.policy.yaml"), policy);
        return zones;
    }

    private MeridianServer node(String name, Path zones, boolean agent, List<HostPort> members, int index,
            String cluster) throws Exception {
        MeridianServer node = HealthNodes.start(zones, name, HealthNodes.options(dir.resolve(name), "eu", agent)
                .withCluster(new HealthOptions.Cluster(new ClusterOptions(cluster, members), members.get(index))));
        rig.closeLater(node);
        return node;
    }

    /** Waits until {@code backend} has answered {@code more} checks beyond what it had answered so far. */
    private static void awaitChecks(Backend backend, int more, String what) throws InterruptedException {
        int before = backend.checks();
        HealthNodes.await(WAIT, what, () -> backend.checks() >= before + more);
    }

    @Test
    void whilePolicyFilesDifferTheAgentChecksWhatEitherNodeNeedsAndStopsWhatBothDropped() throws Exception {
        Backend eu = backend();
        Backend us = backend();
        Backend ap = backend();
        List<HostPort> members = HealthNodes.members(2);
        String cluster = "rollout-" + System.nanoTime();
        // Node a has the old policy and the only agent; node b already has the new one with region ap.
        node("a", zones("a", policy(eu, us, null)), true, members, 0, cluster);
        Path bZones = zones("b", policy(eu, us, ap));
        MeridianServer b = node("b", bZones, false, members, 1, cluster);

        awaitChecks(ap, 3, "the agent checks the endpoint only node b's policy has");
        awaitChecks(eu, 3, "and the endpoints both have");

        // Node b rolls back: now neither node has ap, and its checks stop.
        Files.writeString(bZones.resolve("gslb.example.policy.yaml"), policy(eu, us, null));
        assertInstanceOf(ReloadResult.Loaded.class, b.reload("test").get(WAIT.toSeconds(), TimeUnit.SECONDS));
        awaitNoChecksFor(ap);
        awaitChecks(us, 3, "the endpoints both still have are still checked");
        awaitChecks(eu, 3, "on every interval");
    }

    /** Waits, within {@link #WAIT}, for {@link #QUIET} in which {@code backend} answers no check. */
    private static void awaitNoChecksFor(Backend backend) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = backend.checks();
        long since = System.nanoTime();
        while (System.nanoTime() - since < QUIET.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still checked " + WAIT + " after both nodes dropped it: " + seen);
            }
            Thread.sleep(20);
            int now = backend.checks();
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            }
        }
    }
}
