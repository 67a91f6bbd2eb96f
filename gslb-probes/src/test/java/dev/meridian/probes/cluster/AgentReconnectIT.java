package dev.meridian.probes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.agent.ProbeAgent;
import dev.meridian.probes.health.HealthSettings;
import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.CheckTiming;
import dev.meridian.probes.testing.Await;
import dev.meridian.probes.vote.VoteChannels;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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

    /** Every record logged in this JVM while a test runs; held strongly so the handler stays attached. */
    private static final Logger ROOT = Logger.getLogger("");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

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
        capture.setLevel(Level.ALL);
        ROOT.addHandler(capture);
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
        ROOT.removeHandler(capture);
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
        assertQuietAboutIt(1);
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
        Duration took = Duration.between(restarted, Instant.now());
        // The agent retries at most 10 s apart (with a fifth of jitter); the rest is the members forming.
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "votes reached the restarted nodes after " + took);
        assertQuietAboutIt(1);
    }

    private void startCluster(int size) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(freePort());
            addresses.add("127.0.0.1:" + ports.get(i));
        }
        config = ClusterConfig.of("meridian-reconnect-" + UUID.randomUUID(), addresses, "127.0.0.1", ports.get(0))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
        // Nothing listens there: the check fails fast and every failure is an observation to publish.
        target = new CheckTarget("reconnect.example/eu/web1", "eu", new CheckSpec.Tcp("127.0.0.1", freePort()),
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

    /** No stack trace and nothing severe; the link logged each of its changes once. */
    private void assertQuietAboutIt(int disconnections) {
        List<LogRecord> loud = records.stream()
                .filter(r -> r.getThrown() != null || r.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), loud.stream().map(AgentReconnectIT::describe).toList());
        List<String> link = records.stream().filter(r -> r.getLoggerName().equals(ClusterLink.class.getName()))
                .map(AgentReconnectIT::describe).toList();
        assertEquals(disconnections, link.stream().filter(l -> l.contains("disconnected")).count(), link::toString);
        assertEquals(disconnections + 1, link.stream().filter(l -> l.contains("connected to")).count(),
                link::toString);
    }

    private static String describe(LogRecord record) {
        String message = record.getParameters() == null ? record.getMessage()
                : java.text.MessageFormat.format(record.getMessage(), record.getParameters());
        return record.getLevel() + " " + record.getLoggerName() + ": " + message
                + (record.getThrown() == null ? "" : " " + record.getThrown());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
