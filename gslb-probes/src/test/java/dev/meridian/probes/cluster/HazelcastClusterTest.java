package dev.meridian.probes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.health.EndpointHealth;
import dev.meridian.probes.health.FailoverEvent;
import dev.meridian.probes.health.HealthAggregator;
import dev.meridian.probes.health.HealthSettings;
import dev.meridian.probes.health.HealthStatus;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.ObservationStore;
import dev.meridian.probes.observe.ObservationStore.Change;
import dev.meridian.probes.observe.ObservationStore.Kind;
import dev.meridian.probes.plan.CheckPlan;
import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.CheckTiming;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three real Hazelcast members in one JVM on 127.0.0.1 (plus members and an agent client that come and go), each
 * DNS member running its own aggregator, as production does.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HazelcastClusterTest {
    /** Held so the level sticks: java.util.logging keeps loggers weakly. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> PROPERTIES = Map.of(
            // Expiry events within a second instead of five: the tests wait for them.
            "hazelcast.internal.map.expiration.task.period.seconds", "1",
            "hazelcast.partition.count", "31");
    private static final HealthSettings SETTINGS = HealthSettings.DEFAULT
            .withDefaultTiming(new CheckTiming(Duration.ofSeconds(10), Duration.ofSeconds(2), 2, 3))
            .withFailbackDelay(Duration.ofSeconds(30));

    private static final List<Integer> PORTS = new ArrayList<>();
    private static ClusterConfig config;
    /** Members, their aggregators, their aggregators' schedules and what their listeners heard, by index. */
    private static final List<ClusterNode> nodes = new CopyOnWriteArrayList<>();
    private static final List<HealthAggregator> aggregators = new CopyOnWriteArrayList<>();
    private static final List<Future<?>> schedules = new CopyOnWriteArrayList<>();
    private static final List<List<Change>> heard = new CopyOnWriteArrayList<>();
    private static final List<ClusterNode> clients = new CopyOnWriteArrayList<>();
    private static ScheduledExecutorService ticker;

    @BeforeAll
    static void startThreeMembers() throws IOException {
        HAZELCAST_LOG.setLevel(Level.WARNING);
        PROPERTIES.forEach(System::setProperty);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            int port = freePort();
            PORTS.add(port);
            members.add("127.0.0.1:" + port);
        }
        config = ClusterConfig.of("meridian-test-" + UUID.randomUUID(), members, "127.0.0.1", PORTS.get(0))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1),
                        Duration.ofSeconds(1))
                .withSplitBrainMinimumSize(2);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "health-ticker");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < 3; i++) {
            startMember(i);
        }
        awaitTrue(() -> nodes.stream().allMatch(n -> n.clusterSize() == 3), "three members see each other");
    }

    @AfterAll
    static void stopEverything() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clients.forEach(ClusterNode::shutdown);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).shutdown();
        }
        PROPERTIES.keySet().forEach(System::clearProperty);
    }

    /** Starts member {@code index} on its port with a listener record and a running aggregator. */
    private static ClusterNode startMember(int index) {
        ClusterNode node = ClusterNode.startMember(config.withBind("127.0.0.1", PORTS.get(index)));
        assertEquals(index, nodes.size(), "members are started in port order");
        nodes.add(node);
        List<Change> changes = new CopyOnWriteArrayList<>();
        node.observations().subscribe(changes::add);
        heard.add(changes);
        HealthAggregator aggregator = HealthAggregator.builder(Clock.systemUTC()).settings(SETTINGS)
                .eventLog(node.events()).build();
        aggregator.attach(node.observations());
        schedules.add(aggregator.start(ticker, Duration.ofMillis(200), Duration.ofSeconds(5)));
        aggregators.add(aggregator);
        return node;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Observation observation(String endpoint, String vantage, HealthStatus status, Instant since) {
        long now = System.currentTimeMillis();
        return new Observation(endpoint, vantage, status, 0, 10, 15, since.toEpochMilli(), now);
    }

    private static boolean heardOf(int member, Kind kind, String endpoint, String vantage) {
        return heard.get(member).stream().anyMatch(c -> c.kind() == kind
                && c.observation().endpointKey().equals(endpoint) && c.observation().vantage().equals(vantage));
    }

    private static boolean holds(ClusterNode node, String endpoint, String vantage) {
        return node.observations().snapshot().stream()
                .anyMatch(o -> o.endpointKey().equals(endpoint) && o.vantage().equals(vantage));
    }

    private static long running() {
        return nodes.stream().filter(ClusterNode::isRunning).count();
    }

    /** Publishes and waits until every running member's listener has heard it, so all see the same order. */
    private static void publishInOrder(ObservationStore store, Observation observation, Duration ttl) {
        store.publish(observation, ttl).toCompletableFuture().join();
        for (int member = 0; member < nodes.size(); member++) {
            int m = member;
            if (nodes.get(m).isRunning()) {
                awaitTrue(() -> heard.get(m).stream().anyMatch(c -> c.observation().equals(observation)),
                        "member " + m + " hears " + observation);
            }
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        awaitEquals(true, condition::getAsBoolean, what);
    }

    /** Bounded polling: every 50 ms until equal, failing after {@link #WAIT} with the last value seen. */
    private static <T> void awaitEquals(T expected, Supplier<T> actual, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last;
        while (!Objects.equals(expected, last = actual.get())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what + "; expected " + expected + ", was "
                        + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Test
    void observationPublishedOnOneMemberReachesTheOthersListeners() {
        String endpoint = "spread.example/eu/web1";
        nodes.get(0).observations().publish(observation(endpoint, "eu/agent-a", HealthStatus.UP, Instant.now()),
                Duration.ofMinutes(1)).toCompletableFuture().join();

        for (int member = 0; member < 3; member++) {
            int m = member;
            awaitTrue(() -> heardOf(m, Kind.ADDED, endpoint, "eu/agent-a"), "member " + m + " hears the addition");
            awaitEquals(HealthStatus.UP, () -> aggregators.get(m).view().health(endpoint).status(),
                    "member " + m + " health");
        }
        assertTrue(holds(nodes.get(2), endpoint, "eu/agent-a"));
    }

    @Test
    void shortLivedObservationExpiresOnEveryMember() {
        String endpoint = "short.example/eu/web1";
        nodes.get(1).observations().publish(observation(endpoint, "eu/agent-b", HealthStatus.DOWN, Instant.now()),
                Duration.ofSeconds(2));
        for (int member = 0; member < 3; member++) {
            int m = member;
            awaitTrue(() -> heardOf(m, Kind.EXPIRED, endpoint, "eu/agent-b"), "member " + m + " hears the expiry");
            assertFalse(holds(nodes.get(m), endpoint, "eu/agent-b"));
            awaitTrue(() -> aggregators.get(m).view().health(endpoint).stale(),
                    "member " + m + " holds the last state, stale");
            assertEquals(HealthStatus.DOWN, aggregators.get(m).view().health(endpoint).status());
        }
    }

    @Test
    void lateJoiningMemberSeesExistingObservationsAndBuildsTheSameHealth() {
        String endpoint = "late.example/eu/web1";
        Instant t0 = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        ObservationStore store = nodes.get(0).observations();
        // In order, so that every member forms its first verdict from the same partial picture.
        publishInOrder(store, observation(endpoint, "eu/agent-a", HealthStatus.UP, t0), Duration.ofMinutes(1));
        publishInOrder(store, observation(endpoint, "us/agent-b", HealthStatus.DOWN, t0.plusSeconds(1)),
                Duration.ofMinutes(1));
        publishInOrder(store, observation(endpoint, "ap/agent-c", HealthStatus.DOWN, t0.plusSeconds(2)),
                Duration.ofMinutes(1));
        for (int member = 0; member < 3; member++) {
            int m = member;
            awaitEquals(HealthStatus.DOWN, () -> aggregators.get(m).view().health(endpoint).status(),
                    "member " + m + " fails it over");
        }
        EndpointHealth expected = aggregators.get(0).view().health(endpoint);
        assertEquals(t0.plusSeconds(2), expected.since());

        int lateIndex = nodes.size();
        ClusterNode late = startMember(lateIndex);
        awaitEquals((int) running(), late::clusterSize, "the late member joins");
        assertTrue(holds(late, endpoint, "ap/agent-c"));
        awaitEquals(expected, () -> aggregators.get(lateIndex).view().health(endpoint), "the late member's health");
        for (int member = 0; member < 3; member++) {
            assertEquals(expected, aggregators.get(member).view().health(endpoint));
        }

        // Four aggregators saw the failover; the oldest member alone wrote it.
        awaitTrue(() -> late.events().newestFirst(100).stream().anyMatch(e -> e.subject().equals(endpoint)),
                "the failover is in the event log");
        List<FailoverEvent> logged = late.events().newestFirst(100).stream()
                .filter(e -> e.subject().equals(endpoint)).toList();
        assertEquals(1, logged.size(), logged::toString);
        assertEquals(List.of("ap/agent-c", "us/agent-b"), logged.get(0).downVantages());
        assertEquals(HealthStatus.DOWN, logged.get(0).to());
    }

    @Test
    void departedMembersAgentObservationsSurviveItThenExpire() {
        String endpoint = "departed.example/eu/web1";
        int leavingIndex = nodes.size();
        ClusterNode leaving = startMember(leavingIndex);
        awaitEquals((int) running(), leaving::clusterSize, "the extra member joins");
        Instant published = Instant.now();
        Duration ttl = Duration.ofSeconds(6);
        leaving.observations().publish(observation(endpoint, "eu/agent-e", HealthStatus.UP, published), ttl)
                .toCompletableFuture().join();
        awaitTrue(() -> heardOf(0, Kind.ADDED, endpoint, "eu/agent-e"), "member 0 hears the addition");

        schedules.get(leavingIndex).cancel(false);
        leaving.shutdown();
        awaitTrue(() -> !leaving.isRunning(), "the member is down");
        if (Duration.between(published, Instant.now()).compareTo(ttl.minusSeconds(1)) < 0) {
            assertTrue(holds(nodes.get(0), endpoint, "eu/agent-e"), "its data outlives the member (backups)");
        }
        for (int member = 0; member < 3; member++) {
            int m = member;
            awaitTrue(() -> heardOf(m, Kind.EXPIRED, endpoint, "eu/agent-e"), "member " + m + " hears the expiry");
            assertFalse(holds(nodes.get(m), endpoint, "eu/agent-e"));
            awaitTrue(() -> aggregators.get(m).view().health(endpoint).stale(), "member " + m + " marks it stale");
            assertEquals(HealthStatus.UP, aggregators.get(m).view().health(endpoint).status());
        }
    }

    @Test
    void agentClientPublishesAndFollowsThePlan() {
        ClusterNode agent = ClusterNode.startClient(config);
        clients.add(agent);
        assertFalse(agent.isMember());
        awaitTrue(() -> agent.status().connected(), "the client connects in the background");
        List<Map<String, CheckTarget>> plans = new CopyOnWriteArrayList<>();
        CheckPlan.Subscription subscription = agent.plan().subscribe(plans::add);

        CheckTarget target = new CheckTarget("client.example/eu/web1", "eu", new CheckSpec.Tcp("192.0.2.10", 443),
                CheckTiming.DEFAULT);
        nodes.get(1).plan().publish(List.of(target));
        awaitEquals(Map.of(target.endpointKey(), target),
                () -> plans.isEmpty() ? null : plans.get(plans.size() - 1), "the agent's view of the plan");
        assertThrows(IllegalStateException.class, () -> agent.plan().publish(List.of()), "agents do not publish");

        agent.observations().publish(observation(target.endpointKey(), "eu/agent-client", HealthStatus.DOWN,
                Instant.now()), Duration.ofMinutes(1)).toCompletableFuture().join();
        for (int member = 0; member < 3; member++) {
            int m = member;
            awaitEquals(HealthStatus.DOWN, () -> aggregators.get(m).view().health(target.endpointKey()).status(),
                    "member " + m + " takes the agent's vote");
        }
        assertTrue(agent.events().newestFirst(10).size() <= 10);
        agent.events().append(new FailoverEvent(0, Instant.now(), "from-a-client", HealthStatus.UP,
                HealthStatus.DOWN, false, List.of(), List.of(), "clients never write"));

        nodes.get(1).plan().publish(List.of());
        awaitEquals(Map.of(), () -> plans.get(plans.size() - 1), "the emptied plan");
        subscription.close();
        agent.shutdown();
        assertTrue(nodes.get(0).events().newestFirst(1000).stream()
                .noneMatch(e -> e.subject().equals("from-a-client")));
    }

    @Test
    void oneAgentChecksTheUnionOfTwoNodesPlansAndDropsWhatBothDropped() {
        ClusterNode agent = ClusterNode.startClient(config);
        clients.add(agent);
        List<Map<String, CheckTarget>> plans = new CopyOnWriteArrayList<>();
        CheckPlan.Subscription subscription = agent.plan().subscribe(plans::add);
        CheckTarget onlyA = target("union.example/eu/a", 443);
        CheckTarget onlyB = target("union.example/us/b", 443);
        CheckTarget sharedOld = target("union.example/ap/shared", 80);
        CheckTarget sharedNew = target("union.example/ap/shared", 8080);

        // Two policy versions: node 1 loads the newer one after node 0, with the shared endpoint's check changed.
        nodes.get(0).plan().publish(List.of(onlyA, sharedOld));
        awaitTrue(() -> last(plans).containsKey(onlyA.endpointKey()), "node 0's plan reaches the agent");
        nodes.get(1).plan().publish(List.of(onlyB, sharedNew));
        awaitEquals(Map.of(onlyA.endpointKey(), onlyA, onlyB.endpointKey(), onlyB, sharedNew.endpointKey(), sharedNew),
                () -> last(plans), "both plans, the shared endpoint as the newer plan checks it");

        nodes.get(0).plan().publish(List.of(onlyA));
        nodes.get(1).plan().publish(List.of(onlyB));
        awaitEquals(Map.of(onlyA.endpointKey(), onlyA, onlyB.endpointKey(), onlyB), () -> last(plans),
                "the endpoint both nodes dropped is no longer checked");

        nodes.get(0).plan().publish(List.of());
        nodes.get(1).plan().publish(List.of());
        awaitEquals(Map.of(), () -> last(plans), "nothing left to check");
        subscription.close();
        agent.shutdown();
    }

    @Test
    void aNodeLeavingTheClusterWithdrawsItsPlan() {
        List<Map<String, CheckTarget>> plans = new CopyOnWriteArrayList<>();
        CheckPlan.Subscription subscription = nodes.get(0).plan().subscribe(plans::add);
        CheckTarget leaving = target("leaving.example/eu/web1", 443);
        CheckTarget crashing = target("crashing.example/eu/web1", 443);

        ClusterNode clean = startMember(nodes.size());
        clean.plan().publish(List.of(leaving));
        awaitTrue(() -> last(plans).containsKey(leaving.endpointKey()), "the leaving node's plan is followed");
        schedules.get(nodes.indexOf(clean)).cancel(false);
        clean.shutdown();
        awaitTrue(() -> !last(plans).containsKey(leaving.endpointKey()), "a clean shutdown withdraws the plan");

        ClusterNode crashed = startMember(nodes.size());
        crashed.plan().publish(List.of(crashing));
        awaitTrue(() -> last(plans).containsKey(crashing.endpointKey()), "the crashing node's plan is followed");
        schedules.get(nodes.indexOf(crashed)).cancel(false);
        crashed.hazelcast().getLifecycleService().terminate();
        awaitTrue(() -> !last(plans).containsKey(crashing.endpointKey()),
                "the oldest member removes the plan of a node that vanished");
        subscription.close();
    }

    private static CheckTarget target(String endpoint, int port) {
        return new CheckTarget(endpoint, endpoint.split("/")[1], new CheckSpec.Tcp("192.0.2.10", port),
                CheckTiming.DEFAULT);
    }

    /** The plan last delivered, empty before the first delivery. */
    private static Map<String, CheckTarget> last(List<Map<String, CheckTarget>> deliveries) {
        return deliveries.isEmpty() ? Map.of() : deliveries.get(deliveries.size() - 1);
    }

    @Test
    void configRejectsMalformedMembersWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.of("c", List.of("127.0.0.1"), "127.0.0.1", 5701));
        assertEquals("cluster member '127.0.0.1': expected host:port or [v6]:port", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.of("c", List.of("127.0.0.1:99999"), "127.0.0.1", 5701));
        assertEquals(0, ClusterConfig.of("c", List.of("[::1]:5701", "h:5702"), "::1", 5701).splitBrainMinimumSize());
        assertEquals(2, ClusterConfig.of("c", List.of("a:1", "b:2", "c:3"), "a", 1).splitBrainMinimumSize());
    }

    @Test
    void memberConfigurationJoinsOnlyByTcpAndNeverPhonesHome() {
        var hz = ClusterNode.memberConfig(config);
        assertFalse(hz.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertFalse(hz.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled());
        assertTrue(hz.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
        assertEquals(config.members(), hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertEquals("false", hz.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("1", hz.getProperty("hazelcast.heartbeat.interval.seconds"));
        assertEquals("5", hz.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertEquals(ClusterNode.SPLIT_BRAIN_PROTECTION,
                hz.getMapConfig(HazelcastObservationStore.MAP_NAME).getSplitBrainProtectionName());
    }
}
