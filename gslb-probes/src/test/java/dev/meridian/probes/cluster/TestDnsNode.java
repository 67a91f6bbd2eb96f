package dev.meridian.probes.cluster;

import dev.meridian.probes.health.HealthAggregator;
import com.hazelcast.config.Config;
import dev.meridian.probes.health.HealthSettings;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.observe.VoteBatch;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.vote.VoteServer;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A DNS node's health part as {@code ServerHealth} wires it, without the DNS server: a Hazelcast member, a vote port
 * on 127.0.0.1 advertised in its plan, and an aggregator fed on its own thread.
 */
public final class TestDnsNode implements AutoCloseable {
    private final ClusterNode cluster;
    private final HealthAggregator aggregator;
    private final ScheduledExecutorService thread;
    private final VoteServer votes;
    private final Map<String, Instant> lastHeard = new ConcurrentHashMap<>();

    private TestDnsNode(Vertx vertx, ClusterConfig config, HealthSettings settings, List<CheckTarget> plan,
            Consumer<Config> adjust) {
        cluster = ClusterNode.startMember(config, adjust);
        aggregator = HealthAggregator.builder(Clock.systemUTC()).settings(settings).eventLog(cluster.events())
                .build();
        aggregator.setPlan(plan);
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "health-aggregator-" + config.bindPort());
            t.setDaemon(true);
            return t;
        });
        aggregator.start(thread, Duration.ofMillis(100));
        votes = VoteServer.start(vertx, "127.0.0.1", 0, this::take);
        cluster.advertiseVotes(votes.port());
        cluster.plan().publish(plan);
    }

    /** Starts a node on {@code config}'s bind address that checks {@code plan}. */
    public static TestDnsNode start(Vertx vertx, ClusterConfig config, HealthSettings settings,
            List<CheckTarget> plan) {
        return new TestDnsNode(vertx, config, settings, plan, hz -> { });
    }

    /** A node whose Hazelcast configuration is adjusted first (see {@link ClusterNode#startMember(ClusterConfig, Consumer)}). */
    static TestDnsNode start(Vertx vertx, ClusterConfig config, HealthSettings settings, List<CheckTarget> plan,
            Consumer<Config> adjust) {
        return new TestDnsNode(vertx, config, settings, plan, adjust);
    }

    /** The endpoints' statuses by key: what the health digest covers, so equal maps mean equal digests. */
    public Map<String, HealthStatus> statuses() {
        Map<String, HealthStatus> statuses = new TreeMap<>();
        aggregator.snapshot().endpoints().forEach((key, state) -> statuses.put(key, state.health().status()));
        return statuses;
    }

    private void take(VoteBatch batch) {
        lastHeard.put(batch.vantage(), Instant.now());
        thread.execute(() -> aggregator.onVotes(batch));
    }

    public ClusterNode cluster() {
        return cluster;
    }

    public HealthAggregator aggregator() {
        return aggregator;
    }

    public VoteServer votes() {
        return votes;
    }

    /** Whether a batch of {@code vantage} arrived after {@code after}. */
    public boolean heardFrom(String vantage, Instant after) {
        Instant heard = lastHeard.get(vantage);
        return heard != null && heard.isAfter(after);
    }

    /** Ends the node abruptly, as a crash or a cut cable would: no plan withdrawn, no goodbye. */
    public void kill() {
        stopIntake();
        cluster.hazelcast().getLifecycleService().terminate();
    }

    @Override
    public void close() {
        stopIntake();
        cluster.shutdown();
    }

    /** Stops taking votes and lets a batch being applied finish, so it never meets a stopped cluster. */
    private void stopIntake() {
        votes.close();
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
