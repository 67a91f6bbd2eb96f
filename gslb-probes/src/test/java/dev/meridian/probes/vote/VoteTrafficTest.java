package dev.meridian.probes.vote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.meridian.probes.agent.ProbeAgent;
import dev.meridian.probes.health.HealthAggregator;
import dev.meridian.probes.health.HealthSettings;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.observe.VoteBatch;
import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.CheckTiming;
import dev.meridian.probes.plan.InMemoryCheckPlan;
import dev.meridian.probes.testing.Await;
import dev.meridian.probes.testing.Backends;
import dev.meridian.probes.testing.VoteRig;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * One real agent checking {@value #ENDPOINTS} local TCP backends every {@value #INTERVAL_MILLIS} ms and voting to
 * two nodes' vote ports: with nothing changing, the nodes receive one message per heartbeat and nothing per check;
 * a verdict change is one more message, and it reaches both nodes within a second.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VoteTrafficTest {
    private static final int ENDPOINTS = 200;
    private static final long INTERVAL_MILLIS = 250;
    private static final CheckTiming TIMING = new CheckTiming(Duration.ofMillis(INTERVAL_MILLIS),
            Duration.ofMillis(200), 2, 3);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DOOMED = "traffic.example/eu/doomed";

    @RegisterExtension
    final VoteRig rig = new VoteRig();

    /**
     * What the agent hands its channels, counted by kind before they go out. The doomed endpoint's down vote is
     * timed from the first batch of either kind that carries it: a change found within the coalescing delay of a
     * heartbeat travels in that heartbeat.
     */
    private static final class CountingOut implements Consumer<VoteBatch> {
        final LongAdder heartbeats = new LongAdder();
        final LongAdder changes = new LongAdder();
        final AtomicLong doomedDownSentAt = new AtomicLong();
        final Consumer<VoteBatch> next;

        CountingOut(Consumer<VoteBatch> next) {
            this.next = next;
        }

        @Override
        public void accept(VoteBatch batch) {
            (batch.full() ? heartbeats : changes).increment();
            if (batch.votes().stream().anyMatch(v -> v.endpointKey().equals(DOOMED)
                    && v.status() == HealthStatus.DOWN)) {
                doomedDownSentAt.compareAndSet(0, System.nanoTime());
            }
            next.accept(batch);
        }
    }

    @Test
    void quietChecksCostOneMessagePerHeartbeatAndAChangeReachesEveryNodeWithinASecond() throws Exception {
        LongAdder checks = new LongAdder();
        ServerSocket shared = Backends.listener(checks);
        ServerSocket doomed = Backends.listener(checks);
        rig.closeLater(shared);
        rig.closeLater(doomed);
        List<CheckTarget> plan = new ArrayList<>();
        for (int i = 1; i < ENDPOINTS; i++) {
            plan.add(new CheckTarget("traffic.example/eu/web" + i, "eu",
                    new CheckSpec.Tcp("127.0.0.1", shared.getLocalPort()), TIMING));
        }
        plan.add(new CheckTarget(DOOMED, "eu", new CheckSpec.Tcp("127.0.0.1", doomed.getLocalPort()), TIMING));

        List<HealthAggregator> aggregators = new ArrayList<>();
        List<VoteServer> servers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HealthAggregator aggregator = HealthAggregator.builder(Clock.systemUTC())
                    .settings(HealthSettings.DEFAULT).build();
            aggregator.setPlan(plan);
            ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
            rig.closeLater(thread::shutdownNow);
            aggregator.start(thread, Duration.ofMillis(100));
            VoteServer server = VoteServer.start(rig.vertx(), "127.0.0.1", 0,
                    batch -> thread.execute(() -> aggregator.onVotes(batch)));
            rig.closeLater(server);
            aggregators.add(aggregator);
            servers.add(server);
        }
        VoteChannels channels = new VoteChannels(rig.vertx(), "eu/agent-1");
        rig.closeLater(channels);
        channels.follow(Set.of("127.0.0.1:" + servers.get(0).port(), "127.0.0.1:" + servers.get(1).port()));
        Await.until(WAIT, "connected to both nodes", () -> channels.connected() == 2);
        CountingOut out = new CountingOut(channels);
        InMemoryCheckPlan checkPlan = new InMemoryCheckPlan();
        checkPlan.publish(plan);
        ProbeAgent agent = new ProbeAgent(rig.vertx(), "eu/agent-1", checkPlan, out);
        rig.closeLater(agent);
        agent.start();
        Await.until(WAIT, "both nodes have every endpoint up", () -> aggregators.stream().allMatch(a ->
                a.snapshot().endpoints().size() == ENDPOINTS && a.snapshot().endpoints().values().stream()
                        .allMatch(s -> s.health().status() == HealthStatus.UP && s.freshUp() == 1)));

        // A quiet window: every message either node receives is a heartbeat or a change the agent sent.
        long checksBefore = checks.sum();
        long heartbeatsBefore = out.heartbeats.sum();
        long changesBefore = out.changes.sum();
        long[] framesBefore = servers.stream().mapToLong(VoteServer::framesReceived).toArray();
        long started = System.nanoTime();
        Await.until(Duration.ofSeconds(10), "a quiet window of 3 s",
                () -> System.nanoTime() - started >= TimeUnit.SECONDS.toNanos(3));
        long heartbeats = out.heartbeats.sum() - heartbeatsBefore;
        long changes = out.changes.sum() - changesBefore;
        long windowChecks = checks.sum() - checksBefore;
        for (int i = 0; i < 2; i++) {
            VoteServer server = servers.get(i);
            long before = framesBefore[i];
            Await.until(WAIT, "node " + i + " received what was sent",
                    () -> server.framesReceived() - before >= heartbeats + changes);
            assertEquals(heartbeats + changes, server.framesReceived() - before,
                    "node " + i + ": messages = heartbeats + verdict changes");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // At most one heartbeat per interval; a starved timer on a loaded machine may send fewer, never more.
        assertTrue(heartbeats >= 2 && heartbeats <= seconds * 1000 / INTERVAL_MILLIS + 2,
                heartbeats + " heartbeats in " + seconds + " s at one per " + INTERVAL_MILLIS + " ms");
        assertTrue(windowChecks > 20 * (heartbeats + changes), windowChecks + " checks, " + heartbeats
                + " heartbeats and " + changes + " change batches: traffic follows changes, not checks");

        // One verdict change: one more batch, on both nodes within a second of being sent.
        doomed.close();
        Await.until(WAIT, "the agent sends the doomed endpoint's down vote", () -> out.doomedDownSentAt.get() != 0);
        Await.until(WAIT, "both nodes mark it down", () -> aggregators.stream()
                .allMatch(a -> a.snapshot().health(DOOMED).status() == HealthStatus.DOWN));
        Duration reached = Duration.ofNanos(System.nanoTime() - out.doomedDownSentAt.get());
        assertTrue(reached.compareTo(Duration.ofSeconds(1)) < 0, "reached every node after " + reached);
        assertEquals(List.of(), rig.logs().severeOrWithStackTrace());
    }
}
