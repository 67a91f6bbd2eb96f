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
import java.time.Instant;
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
 * A DNS node that stops reading its votes, as a stopped process does (its agents' writes back up in TCP), while a
 * backend dies: resumed, it must answer from the agents' fresh votes within seconds, with no merge involved.
 *
 * <p>The pause is {@value #PAUSE_SECONDS} s rather than a minute: anything longer than the votes' freshness (three
 * intervals, 3 s here) is the same case for the vote path, and a longer one only fills more of the agent's bounded
 * write queue for that node.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class VotePauseIT {
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long PAUSE_SECONDS = 20;
    private static final CheckTiming TIMING = new CheckTiming(Duration.ofSeconds(1), Duration.ofMillis(500), 2, 3);
    private static final String KEY = "pause.example/eu/web1";

    @RegisterExtension
    final VoteRig rig = new VoteRig();

    @BeforeEach
    void quietHazelcast() {
        HAZELCAST_LOG.setLevel(Level.WARNING);
    }

    @Test
    void aPausedNodeResumedAnswersFromFreshVotesWithinSeconds() throws Exception {
        ServerSocket backend = Backends.listener(new LongAdder());
        rig.closeLater(backend);
        List<CheckTarget> plan = List.of(new CheckTarget(KEY, "eu",
                new CheckSpec.Tcp("127.0.0.1", backend.getLocalPort()), TIMING));
        int[] ports = {ClusterPorts.free(), ClusterPorts.free()};
        ClusterConfig config = ClusterConfig.of("meridian-pause-" + UUID.randomUUID(),
                List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]), "127.0.0.1", ports[0])
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
        List<TestDnsNode> nodes = new ArrayList<>();
        for (int port : ports) {
            TestDnsNode node = TestDnsNode.start(rig.vertx(), config.withBind("127.0.0.1", port), HealthSettings.DEFAULT,
                    plan);
            rig.closeLater(node);
            nodes.add(node);
        }
        Await.until(WAIT, "one cluster", () -> nodes.stream().allMatch(n -> n.cluster().clusterSize() == 2));
        VoteChannels agent = agent(config, "eu/agent-1");
        Await.until(WAIT, "the agent votes to both nodes", () -> agent.connected() == 2);
        Await.until(WAIT, "both nodes see it up",
                () -> nodes.stream().allMatch(n -> n.statuses().get(KEY) == HealthStatus.UP));

        TestDnsNode paused = nodes.get(1);
        paused.votes().pause();
        Instant resumeAt = Instant.now().plusSeconds(PAUSE_SECONDS);
        Await.until(WAIT, "the paused node's votes go stale",
                () -> paused.aggregator().snapshot().endpoints().get(KEY).health().stale());
        backend.close();
        Await.until(WAIT, "the running node fails the backend over",
                () -> nodes.get(0).statuses().get(KEY) == HealthStatus.DOWN);
        assertEquals(HealthStatus.UP, paused.statuses().get(KEY), "the paused node has heard nothing of it");
        Await.until(Duration.ofSeconds(PAUSE_SECONDS + 10), "the pause lasts",
                () -> Instant.now().isAfter(resumeAt));

        long resumed = System.nanoTime();
        paused.votes().resume();
        Await.until(WAIT, "the resumed node answers from fresh votes",
                () -> paused.statuses().get(KEY) == HealthStatus.DOWN
                        && !paused.aggregator().snapshot().endpoints().get(KEY).health().stale());
        Duration took = Duration.ofNanos(System.nanoTime() - resumed);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "fresh again after " + took);
        assertEquals(nodes.get(0).statuses(), paused.statuses());
        assertEquals(List.of(), rig.logs().severeOrWithStackTraceOutsideHazelcast());
    }

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

}
