package dev.meridian.probes.agent;

import dev.meridian.probes.cluster.ClusterConfig;
import dev.meridian.probes.cluster.ClusterNode;
import dev.meridian.probes.config.ClusterOptions;
import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.HostName;
import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.probes.logging.DefaultLogging;
import dev.meridian.probes.measure.LatencyMeasurer;
import dev.meridian.probes.measure.RecentTargets;
import dev.meridian.probes.plan.CheckPlan;
import dev.meridian.probes.vote.VoteChannels;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gslb-agent}: a probe agent for one region. It connects to the DNS nodes' cluster as a client, follows the
 * check plan they publish (it needs no policy files) and sends its votes to the vote port of every DNS node the
 * plans name until stopped. It starts whether or not a DNS node is up, and never gives up on them: see
 * {@link ClusterNode#startClient} and {@link VoteChannels}.
 */
@Command(name = "gslb-agent", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        description = "Meridian probe agent: checks the endpoints the DNS nodes publish, from one region.")
public final class AgentMain implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with region, name, cluster.")
    Path config;

    @Option(names = "--region", paramLabel = "NAME", description = "Region this agent probes from.")
    String region;

    @Option(names = "--name", paramLabel = "NAME", description = "This agent's name (default: the host name).")
    String name;

    @Option(names = "--member", paramLabel = "HOST[:PORT][,HOST[:PORT]...]",
            description = "A DNS node's cluster member address (IP literal, default port 5701); repeatable.")
    List<String> members = new ArrayList<>();

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster name (default: meridian).")
    String clusterName;

    @Option(names = "--metrics", paramLabel = "ADDRESS[:PORT]",
            description = "Serve the agent's metrics (Prometheus text) at http://ADDRESS:PORT/metrics (default port "
                    + AgentMetrics.DEFAULT_PORT + "); not served unless given. A loopback address keeps them local.")
    String metricsAddress;

    @Option(names = DefaultLogging.FLAG, paramLabel = "text|json",
            description = "Log one text line per record (default) or one JSON object per line.")
    DefaultLogging.Format logFormat;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        DefaultLogging.install(DefaultLogging.Format.of(args));
        System.exit(new CommandLine(new AgentMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    /** How often the agent re-reads the DNS nodes' measurement targets. */
    private static final Duration TARGETS_REREAD = Duration.ofSeconds(10);

    @Override
    public Integer call() throws InterruptedException {
        AgentOptions options;
        try {
            options = (config == null ? AgentOptions.NONE : AgentOptions.read(config))
                    .withFlags(region, name, clusterName, members);
        } catch (ConfigException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        if (options.missing() != null) {
            spec.commandLine().getErr().println("error: " + options.missing());
            return 2;
        }
        HostPort metricsListen = null;
        if (metricsAddress != null) {
            try {
                metricsListen = HostPort.parse(metricsAddress, AgentMetrics.DEFAULT_PORT);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("error: --metrics: " + e.getMessage());
                return 2;
            }
        }
        String agentName = options.name() != null ? options.name() : HostName.local("agent");
        ClusterOptions cluster = options.cluster();
        ClusterNode node;
        try {
            // A client binds nothing; the bind fields of the configuration are not used.
            node = ClusterNode.startClient(ClusterConfig.of(cluster.name(), cluster.memberList(), "0.0.0.0",
                    HostPort.CLUSTER_PORT));
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("error: cluster " + cluster.name() + " at " + cluster.members() + ": "
                    + e.getMessage());
            return 2;
        }
        // epoll where available (as the DNS server does): every TCP check is a connection opened and closed.
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        String vantage = options.region() + "/" + agentName;
        VoteChannels channels = new VoteChannels(vertx, vantage);
        AgentMetrics metrics = null;
        if (metricsListen != null) {
            try {
                metrics = AgentMetrics.start(vertx, metricsListen, channels, node::status, Clock.systemUTC());
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                channels.close();
                vertx.close();
                node.close();
                return 2;
            }
        }
        CheckPlan.Subscription nodes = node.plan().subscribeVoteAddresses(channels::follow);
        ProbeAgent agent = new ProbeAgent(vertx, vantage, node.plan(), channels);
        agent.start();
        // Latency measurement has its own thread, so it never delays a health check.
        LatencyMeasurer measurer = new LatencyMeasurer(options.region(), options.measurement(),
                new RecentTargets(node.measurementTargets(), TARGETS_REREAD, Clock.systemUTC()),
                node.latency(LatencySettings.DEFAULTS), Clock.systemUTC()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        AgentMetrics served = metrics;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (served != null) {
                served.close();
            }
            measurer.close();
            agent.close();
            nodes.close();
            channels.close();
            vertx.close();
            node.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
