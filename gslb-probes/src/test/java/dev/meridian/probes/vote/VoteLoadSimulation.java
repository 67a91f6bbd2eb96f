package dev.meridian.probes.vote;

import dev.meridian.probes.agent.ProbeAgent;
import dev.meridian.probes.cluster.ClusterConfig;
import dev.meridian.probes.cluster.ClusterNode;
import dev.meridian.probes.health.HealthAggregator;
import dev.meridian.probes.health.HealthSettings;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.logging.DefaultLogging;
import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.CheckTiming;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The load behind docs/benchmarks.md's "Health votes": {@code ENDPOINTS} endpoints checked over TCP every second by
 * one agent against one DNS node, each role in its own process so that each one's CPU can be read on its own:
 *
 * <pre>
 * java -cp CP dev.meridian.probes.vote.VoteLoadSimulation backends 20000 20          # 20 listeners from port 20000
 * java -cp CP dev.meridian.probes.vote.VoteLoadSimulation node 5701 2000 20000 20     # member + vote port 5702
 * java -cp CP dev.meridian.probes.vote.VoteLoadSimulation agent 5701
 * </pre>
 *
 * The node publishes a plan of {@code endpoints} TCP checks spread over the listeners; the agent follows it as
 * gslb-agent does. Both print, every 10 s, the messages (vote frames) per second they sent or received.
 */
public final class VoteLoadSimulation {
    private static final CheckTiming TIMING = new CheckTiming(Duration.ofSeconds(1), Duration.ofMillis(500), 2, 3);
    private static final String CLUSTER = "meridian-load";

    private VoteLoadSimulation() {
    }

    public static void main(String[] args) throws Exception {
        DefaultLogging.install();
        switch (args[0]) {
            case "backends" -> backends(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "node" -> node(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "agent" -> agent(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException("backends | node | agent");
        }
        new CountDownLatch(1).await();
    }

    /** Listeners that accept a connection and close it: a healthy TCP backend costs its kernel, not the agent. */
    private static void backends(int firstPort, int count) throws Exception {
        Vertx vertx = Vertx.vertx();
        for (int i = 0; i < count; i++) {
            NetServer server = vertx.createNetServer().connectHandler(socket -> socket.close());
            server.listen(firstPort + i, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        }
        System.out.println("backends: " + count + " listeners from port " + firstPort);
    }

    private static void node(int clusterPort, int endpoints, int firstBackend, int backends) {
        ClusterConfig config = ClusterConfig.of(CLUSTER, List.of("127.0.0.1:" + clusterPort), "127.0.0.1",
                clusterPort);
        ClusterNode cluster = ClusterNode.startMember(config);
        List<CheckTarget> plan = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            plan.add(new CheckTarget("load.example/eu/web" + i, "eu",
                    new CheckSpec.Tcp("127.0.0.1", firstBackend + i % backends), TIMING));
        }
        HealthAggregator aggregator = HealthAggregator.builder(Clock.systemUTC()).settings(HealthSettings.DEFAULT)
                .eventLog(cluster.events()).build();
        aggregator.setPlan(plan);
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
        aggregator.start(thread, Duration.ofMillis(500));
        Vertx vertx = Vertx.vertx();
        VoteServer votes = VoteServer.start(vertx, "127.0.0.1", config.voteListenPort(),
                batch -> thread.execute(() -> aggregator.onVotes(batch)));
        cluster.advertiseVotes(votes.port());
        cluster.plan().publish(plan);
        long[] last = {0, 0, System.nanoTime()};
        thread.scheduleAtFixedRate(() -> {
            long frames = votes.framesReceived();
            long received = votes.votesReceived();
            long now = System.nanoTime();
            double seconds = (now - last[2]) / 1e9;
            long up = aggregator.snapshot().endpoints().values().stream()
                    .filter(s -> s.health().status() == HealthStatus.UP && !s.health().stale()).count();
            System.out.printf("node: %.1f messages/s, %.0f votes/s, %d of %d endpoints up and fresh%n",
                    (frames - last[0]) / seconds, (received - last[1]) / seconds, up, endpoints);
            last[0] = frames;
            last[1] = received;
            last[2] = now;
        }, 10, 10, TimeUnit.SECONDS);
    }

    private static void agent(int clusterPort) {
        ClusterConfig config = ClusterConfig.of(CLUSTER, List.of("127.0.0.1:" + clusterPort), "0.0.0.0", 5701);
        ClusterNode client = ClusterNode.startClient(config);
        // As gslb-agent runs: epoll where available.
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        VoteChannels channels = new VoteChannels(vertx, "eu/load-agent");
        client.plan().subscribeVoteAddresses(channels::follow);
        ProbeAgent agent = new ProbeAgent(vertx, "eu/load-agent", client.plan(), channels);
        agent.start();
        long[] last = {0, System.nanoTime()};
        Executors.newSingleThreadScheduledExecutor().scheduleAtFixedRate(() -> {
            long frames = channels.framesSent();
            long now = System.nanoTime();
            System.out.printf("agent: %.1f messages/s sent, %d dropped, transport %s%n",
                    (frames - last[0]) / ((now - last[1]) / 1e9), channels.dropped(),
                    vertx.isNativeTransportEnabled() ? "epoll" : "nio");
            last[0] = frames;
            last[1] = now;
        }, 10, 10, TimeUnit.SECONDS);
    }
}
