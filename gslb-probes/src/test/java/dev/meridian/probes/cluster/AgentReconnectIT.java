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
import dev.meridian.probes.testing.LogCapture;
import dev.meridian.probes.vote.VoteChannels;
import dev.meridian.probes.testing.ClusterPorts;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real agent (a Hazelcast client following the plan, a {@link ProbeAgent} voting over {@link VoteChannels}) whose
 * DNS nodes go away for minutes and come back on the same cluster ports: it must reconnect by itself, quietly, and its
 * votes must reach the new members. Slow on
 * purpose, so it runs in {@code verify}, not {@code test}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AgentReconnectIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String VANTAGE = "eu/agent-1";

    /** Every record logged in this JVM while a test runs. */
    private LogCapture logs;

    private final List<TestDnsNode> members = new CopyOnWriteArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private ClusterConfig config;
    private ClusterNode client;
    private Vertx vertx;
    private VoteChannels channels;
    private ProbeAgent agent;
    private CheckTarget target;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.attach();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (agent != null) {
            agent.close();
            channels.close();
        }
        members.forEach(TestDnsNode::close);
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (client != null) {
            client.shutdown();
        }
        logs.close();
    }

    @Test
    void agentCutOffFromEveryDnsNodeFor90SecondsComesBackWithoutARestart() throws IOException {
        startCluster(1);
        startAgent();
        awaitVoteOn(members.get(0));

        // Cut off, not shut down: a clean shutdown would withdraw the node's plan and the agent would stop checking.
        members.remove(0).kill();
        Await.until(WAIT, "the agent notices it is cut off", () -> !client.status().connected());
        long droppedBefore = channels.dropped();
        stayAway(Duration.ofSeconds(90));
        assertTrue(channels.dropped() > droppedBefore, "checks went on and their votes were dropped");

        Instant restarted = Instant.now();
        TestDnsNode member = startMember(0);
        awaitVoteOn(member);
        assertTrue(channels.lastSent().isAfter(restarted), "the agent records what it sent");
        assertQuietAboutIt();
    }

    @Test
    void everyDnsNodeStoppedForAMinuteGetsTheAgentsVotesWithinSecondsOfItsRestart() throws IOException {
        startCluster(2);
        startAgent();
        members.forEach(this::awaitVoteOn);

        members.forEach(TestDnsNode::close);
        members.clear();
        Await.until(WAIT, "the agent notices it is cut off", () -> !client.status().connected());
        stayAway(Duration.ofSeconds(60));

        Instant restarted = Instant.now();
        List<TestDnsNode> again = List.of(startMember(0), startMember(1));
        again.forEach(this::awaitVoteOn);
        // Restarted without a state file, each node knows nothing until the agent's votes say the backend is down.
        for (TestDnsNode member : again) {
            Await.until(WAIT, "the down backend is down on " + member.cluster().name(),
                    () -> member.statuses().get(target.endpointKey()) == HealthStatus.DOWN);
        }
        Duration took = Duration.between(restarted, Instant.now());
        // The agent retries at most 10 s apart (with a fifth of jitter); the rest is the members forming.
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "votes reached the restarted nodes and took the "
                + "backend down on each after " + took);
        assertQuietAboutIt();
    }

    private void startCluster(int size) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(ClusterPorts.free());
            addresses.add("127.0.0.1:" + ports.get(i));
        }
        config = ClusterConfig.of("meridian-reconnect-" + UUID.randomUUID(), addresses, "127.0.0.1", ports.get(0))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
        // Nothing listens there: the check fails fast and every failure is an observation to publish.
        target = new CheckTarget("reconnect.example/eu/web1", "eu", new CheckSpec.Tcp("127.0.0.1", ClusterPorts.free()),
                new CheckTiming(Duration.ofSeconds(1), Duration.ofMillis(500), 1, 1));
        for (int i = 0; i < size; i++) {
            startMember(i);
        }
        Await.until(WAIT, "the members form one cluster",
                () -> members.stream().allMatch(m -> m.cluster().clusterSize() == size));
    }

    /** Starts a DNS node on its port, which publishes its plan as a DNS server does at start. */
    private TestDnsNode startMember(int index) {
        TestDnsNode member = TestDnsNode.start(vertx, config.withBind("127.0.0.1", ports.get(index)),
                HealthSettings.DEFAULT, List.of(target));
        members.add(member);
        return member;
    }

    private void startAgent() {
        client = ClusterNode.startClient(config);
        channels = new VoteChannels(vertx, VANTAGE);
        client.plan().subscribeVoteAddresses(channels::follow);
        agent = new ProbeAgent(vertx, VANTAGE, client.plan(), channels);
        agent.start();
    }

    private void awaitVoteOn(TestDnsNode member) {
        Instant after = Instant.now();
        Await.until(WAIT, "a vote of " + VANTAGE + " reaches " + member.cluster().name(),
                () -> member.heardFrom(VANTAGE, after));
    }

    /** The DNS nodes are away for {@code away}; meanwhile the agent must stay up and keep checking. */
    private void stayAway(Duration away) {
        Instant back = Instant.now().plus(away);
        Await.until(away.plus(WAIT), "the agent stays up while the DNS nodes are away",
                () -> !client.isRunning() || Instant.now().isAfter(back));
        assertTrue(client.isRunning(), "the agent's client gave up");
    }

    /**
     * No stack trace and nothing severe outside Hazelcast's own reports of the members the test stops; and the link logged each of its changes once: connected and disconnected
     * alternate, starting and ending connected. A restarted tier may take the agent through more than one
     * disconnection (two lone members merging under load restart one of them), each logged once.
     */
    private void assertQuietAboutIt() {
        assertEquals(List.of(), logs.severeOrWithStackTraceOutsideHazelcast());
        List<String> changes = logs.of(ClusterLink.class.getName()).stream()
                .filter(l -> l.contains("connected to") || l.contains("disconnected")).toList();
        assertTrue(changes.size() >= 3 && changes.size() % 2 == 1, changes::toString);
        for (int i = 0; i < changes.size(); i++) {
            assertTrue(changes.get(i).contains(i % 2 == 0 ? "connected to" : "disconnected"), changes::toString);
        }
    }

}
