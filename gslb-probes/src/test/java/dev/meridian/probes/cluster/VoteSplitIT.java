package dev.meridian.probes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.meridian.probes.agent.ProbeAgent;
import dev.meridian.probes.health.HealthSettings;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.CheckTiming;
import dev.meridian.probes.testing.Await;
import dev.meridian.probes.testing.Backends;
import dev.meridian.probes.testing.VoteRig;
import dev.meridian.probes.vote.VoteChannels;
import dev.meridian.probes.testing.ClusterPorts;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * Two real DNS members in one JVM, each behind a proxy the test cuts, so the members lose each other while two real
 * agents still reach both vote ports: a backend that dies during the split must be answered around on both nodes
 * within fall × interval + 1 s, and after healing both must hold the same health.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class VoteSplitIT {
    /** Held so the level sticks: java.util.logging keeps loggers weakly. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final CheckTiming TIMING = new CheckTiming(Duration.ofSeconds(1), Duration.ofMillis(500), 2, 3);

    @RegisterExtension
    final VoteRig rig = new VoteRig();

    @BeforeEach
    void quietHazelcast() {
        HAZELCAST_LOG.setLevel(Level.WARNING);
    }

    @Test
    void backendKilledDuringASplitGoesDownOnBothNodesAndTheyAgreeAfterHealing() throws Exception {
        ServerSocket doomed = listener();
        ServerSocket healthy = listener();
        List<CheckTarget> plan = List.of(target("split.example/eu/web1", doomed),
                target("split.example/us/web2", healthy));

        int[] real = {ClusterPorts.free(), ClusterPorts.free()};
        CuttableProxy[] proxies = {new CuttableProxy(real[0]), new CuttableProxy(real[1])};
        for (CuttableProxy proxy : proxies) {
            rig.closeLater(proxy);
        }
        List<String> viaProxies = List.of("127.0.0.1:" + proxies[0].port(), "127.0.0.1:" + proxies[1].port());
        ClusterConfig config = ClusterConfig.of("meridian-split-" + UUID.randomUUID(), viaProxies, "127.0.0.1",
                real[0]).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
        List<TestDnsNode> nodes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String advertised = viaProxies.get(i);
            TestDnsNode node = TestDnsNode.start(rig.vertx(), config.withBind("127.0.0.1", real[i]),
                    HealthSettings.DEFAULT, plan, hz -> hz.getNetworkConfig().setPublicAddress(advertised));
            rig.closeLater(node);
            nodes.add(node);
        }
        Await.until(WAIT, "the members form one cluster through the proxies",
                () -> nodes.stream().allMatch(n -> n.cluster().clusterSize() == 2));
        List<VoteChannels> agents = List.of(agent(config, "eu/agent-1"), agent(config, "us/agent-2"));
        Await.until(WAIT, "each agent votes to both nodes", () -> agents.stream().allMatch(a -> a.connected() == 2));
        Await.until(WAIT, "both nodes see both endpoints up", () -> nodes.stream()
                .allMatch(n -> n.statuses().equals(java.util.Map.of("split.example/eu/web1", HealthStatus.UP,
                        "split.example/us/web2", HealthStatus.UP))));

        for (CuttableProxy proxy : proxies) {
            proxy.cut();
        }
        Await.until(WAIT, "each member is alone", () -> nodes.stream().allMatch(n -> n.cluster().clusterSize() == 1));

        long killed = System.nanoTime();
        doomed.close();
        Duration bound = TIMING.interval().multipliedBy(TIMING.fall()).plusSeconds(1);
        Await.until(bound.plusSeconds(5), "both split nodes mark the killed backend down", () -> nodes.stream()
                .allMatch(n -> n.statuses().get("split.example/eu/web1") == HealthStatus.DOWN));
        Duration took = Duration.ofNanos(System.nanoTime() - killed);
        assertTrue(took.compareTo(bound) <= 0, "down on both nodes after " + took + ", bound " + bound);
        assertTrue(nodes.stream().allMatch(n -> n.cluster().clusterSize() == 1), "still split when it went down");

        for (CuttableProxy proxy : proxies) {
            proxy.heal();
        }
        assertEquals(nodes.get(0).statuses(), nodes.get(1).statuses(), "the same health on both sides at healing");
        Await.until(Duration.ofSeconds(90), "the members merge again",
                () -> nodes.stream().allMatch(n -> n.cluster().clusterSize() == 2));
        Await.until(WAIT, "the same health after the merge",
                () -> nodes.get(0).statuses().equals(nodes.get(1).statuses())
                        && nodes.get(0).statuses().get("split.example/eu/web1") == HealthStatus.DOWN);
        Await.until(WAIT, "each agent still votes to both nodes after the merge",
                () -> agents.stream().allMatch(a -> a.connected() == 2));
        assertEquals(List.of(), rig.logs().severeOrWithStackTraceOutsideHazelcast());
    }

    /** An agent as gslb-agent runs it: a Hazelcast client for the plan, direct connections for its votes. */
    private VoteChannels agent(ClusterConfig config, String vantage) {
        ClusterNode client = ClusterNode.startClient(config);
        rig.closeLater(client);
        VoteChannels channels = new VoteChannels(rig.vertx(), vantage);
        rig.closeLater(channels);
        rig.closeLater(client.plan().subscribeVoteAddresses(channels::follow));
        ProbeAgent agent = new ProbeAgent(rig.vertx(), vantage, client.plan(), channels);
        rig.closeLater(agent);
        agent.start();
        return channels;
    }

    private ServerSocket listener() throws IOException {
        ServerSocket server = Backends.listener(new LongAdder());
        rig.closeLater(server);
        return server;
    }

    private static CheckTarget target(String key, ServerSocket backend) {
        return new CheckTarget(key, key.split("/")[1], new CheckSpec.Tcp("127.0.0.1", backend.getLocalPort()),
                TIMING);
    }

}
