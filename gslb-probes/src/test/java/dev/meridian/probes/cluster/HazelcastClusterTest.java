package dev.meridian.probes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import dev.meridian.probes.health.FailoverEvent;
import dev.meridian.probes.latency.ClientNetwork;
import dev.meridian.probes.latency.LatencyEntry;
import dev.meridian.probes.latency.LatencyKey;
import dev.meridian.probes.latency.LatencySample;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.probes.latency.LatencySource;
import dev.meridian.probes.measure.MeasurementTarget;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.plan.CheckPlan;
import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.CheckTiming;
import dev.meridian.probes.testing.ClusterPorts;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Three real Hazelcast members in one JVM on 127.0.0.1 (plus members and an agent client that come and go): the
 * check plan, the vote addresses it advertises, and the event log. Votes themselves are tested in
 * {@code dev.meridian.probes.vote}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HazelcastClusterTest {
    /** Held so the level sticks: java.util.logging keeps loggers weakly. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> PROPERTIES = Map.of("hazelcast.partition.count", "31");

    private static final List<Integer> PORTS = new ArrayList<>();
    private static ClusterConfig config;
    /** Members by index. */
    private static final List<ClusterNode> nodes = new CopyOnWriteArrayList<>();
    private static final List<ClusterNode> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startThreeMembers() throws IOException {
        HAZELCAST_LOG.setLevel(Level.WARNING);
        PROPERTIES.forEach(System::setProperty);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            int port = ClusterPorts.free();
            PORTS.add(port);
            members.add("127.0.0.1:" + port);
        }
        config = ClusterConfig.of("meridian-test-" + UUID.randomUUID(), members, "127.0.0.1", PORTS.get(0))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            startMember(i);
        }
        awaitTrue(() -> nodes.stream().allMatch(n -> n.clusterSize() == 3), "three members see each other");
    }

    @AfterAll
    static void stopEverything() {
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
        return node;
    }


    private static long running() {
        return nodes.stream().filter(ClusterNode::isRunning).count();
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
    void agentClientFollowsThePlanAndLearnsWhereToVote() {
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

        List<Set<String>> voteAddresses = new CopyOnWriteArrayList<>();
        CheckPlan.Subscription votes = agent.plan().subscribeVoteAddresses(voteAddresses::add);
        nodes.get(1).advertiseVotes(PORTS.get(1) + 1);
        awaitEquals(Set.of("127.0.0.1:" + (PORTS.get(1) + 1)),
                () -> voteAddresses.isEmpty() ? null : voteAddresses.get(voteAddresses.size() - 1),
                "the node's vote address, from its plan");
        votes.close();
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
        clean.shutdown();
        awaitTrue(() -> !last(plans).containsKey(leaving.endpointKey()), "a clean shutdown withdraws the plan");

        ClusterNode crashed = startMember(nodes.size());
        crashed.plan().publish(List.of(crashing));
        awaitTrue(() -> last(plans).containsKey(crashing.endpointKey()), "the crashing node's plan is followed");
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
    void latencySamplesFromAnAgentAndAMemberSmoothIntoOneEntryEveryMemberSees() {
        ClusterNode agent = ClusterNode.startClient(config);
        clients.add(agent);
        awaitTrue(() -> agent.status().connected(), "the agent connected");
        ClientNetwork network = ClientNetwork.parse("198.51.100.0/24");
        LatencySettings settings = LatencySettings.DEFAULTS;
        agent.latency(settings).record(new LatencySample(network, "eu-west", 100, 1_000, LatencySource.ACTIVE));
        nodes.get(0).latency(settings).record(new LatencySample(network, "eu-west", 50, 2_000, LatencySource.RUM));
        LatencyEntry seen = nodes.get(2).latency(settings).entries().get(new LatencyKey(network, "eu-west"));
        assertEquals(new LatencyEntry(100 + settings.alpha() * (50 - 100), 2, 2_000, LatencySource.RUM), seen);
    }

    @Test
    void agentsReadTheMeasurementTargetsEveryNodePublished() {
        ClusterNode agent = ClusterNode.startClient(config);
        clients.add(agent);
        awaitTrue(() -> agent.status().connected(), "the agent connected");
        MeasurementTarget london = new MeasurementTarget(ClientNetwork.parse("192.0.2.0/24"),
                ClientNetwork.literal("127.0.60.1"));
        MeasurementTarget seattle = new MeasurementTarget(ClientNetwork.parse("203.0.113.0/24"),
                ClientNetwork.literal("127.0.60.2"));
        nodes.get(0).measurementTargets().publish("node-a", List.of(london));
        nodes.get(1).measurementTargets().publish("node-b", List.of(seattle, london));
        assertEquals(List.of(london, seattle), agent.measurementTargets().all());
    }

    @Test
    void configRejectsMalformedMembersWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.of("c", List.of("127.0.0.1"), "127.0.0.1", 5701));
        assertEquals("cluster member '127.0.0.1': expected host:port or [v6]:port", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.of("c", List.of("127.0.0.1:99999"), "127.0.0.1", 5701));
        assertEquals(5702, ClusterConfig.of("c", List.of("[::1]:5701", "h:5702"), "::1", 5701).voteListenPort());
        assertEquals(7000, ClusterConfig.of("c", List.of("a:1"), "a", 1).withVotePort(7000).voteListenPort());
        assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.of("c", List.of("a:65535"), "a", 65535).voteListenPort());
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
        assertTrue(hz.getSplitBrainProtectionConfigs().isEmpty(), "votes do not go through the cluster");
        assertEquals(DiscardMergePolicy.class.getName(),
                hz.getReplicatedMapConfig(HazelcastCheckPlan.MAP_NAME).getMergePolicyConfig().getPolicy(),
                "each node republishes its own plan after a merge");
        assertEquals(PutIfAbsentMergePolicy.class.getName(),
                hz.getRingbufferConfig(HazelcastEventLog.RINGBUFFER_NAME).getMergePolicyConfig().getPolicy());
        assertEquals(LaterChangeMergePolicy.class.getName(),
                hz.getMapConfig(ClusterNode.SHARED_PREFIX + "overlays").getMergePolicyConfig().getPolicy(),
                "shared strings merge by the time their writers gave");
    }

    @Test
    void everyMemberReadsASharedStringAsWrittenWithoutItsTime() {
        java.time.Instant at = java.time.Instant.parse("2026-12-01T10:00:00Z");
        nodes.get(0).shared("strings").update("k", old -> "{\"v\": 1}", at);

        awaitTrue(() -> Map.of("k", "{\"v\": 1}").equals(nodes.get(1).shared("strings").entries()),
                "another member reads the value");
        assertEquals(at.toEpochMilli() + " {\"v\": 1}",
                nodes.get(2).hazelcast().getMap(ClusterNode.SHARED_PREFIX + "strings").get("k"),
                "stored with its writer's time, for merging after a split");
    }

    @Test
    void aSharedChangeThatKeepsTheValueKeepsItsTime() {
        java.time.Instant made = java.time.Instant.parse("2026-12-01T10:00:00Z");
        nodes.get(0).shared("kept").update("k", old -> "same", made);

        nodes.get(1).shared("kept").update("k", old -> old, made.plusSeconds(3600));

        assertEquals(made.toEpochMilli() + " same",
                nodes.get(2).hazelcast().getMap(ClusterNode.SHARED_PREFIX + "kept").get("k"));
    }
}
