package dev.meridian.probes.agent;

import dev.meridian.probes.cluster.ClusterConfig;
import dev.meridian.probes.cluster.ClusterNode;
import dev.meridian.probes.logging.DefaultLogging;
import dev.meridian.probes.plan.CheckPlan;
import dev.meridian.probes.vote.VoteChannels;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    @Option(names = "--cluster", paramLabel = "HOST:PORT[,HOST:PORT...]", description = "DNS nodes' cluster members.")
    List<String> cluster = new ArrayList<>();

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster name (default: meridian).")
    String clusterName;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        DefaultLogging.install();
        System.exit(new CommandLine(new AgentMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        AgentOptions file;
        try {
            file = config == null ? new AgentOptions(null, null, null, null) : AgentOptions.read(config);
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: " + config + ": " + e.getMessage().lines().findFirst().orElse(""));
            return 1;
        }
        String agentRegion = region != null ? region : file.region();
        List<String> members = !cluster.isEmpty()
                ? cluster.stream().flatMap(m -> Arrays.stream(m.split(","))).map(String::strip).toList()
                : file.cluster() == null ? List.of() : file.cluster();
        if (agentRegion == null || agentRegion.isBlank() || agentRegion.contains("/") || members.isEmpty()) {
            spec.commandLine().getErr().println("error: give --region (a name without '/') and --cluster HOST:PORT,...");
            return 2;
        }
        String agentName = name != null ? name : file.name() != null ? file.name() : hostName();
        String clusterId = clusterName != null ? clusterName : file.clusterName() != null ? file.clusterName() : "meridian";
        ClusterNode node;
        try {
            // A client binds nothing; the bind fields of the configuration are not used.
            node = ClusterNode.startClient(ClusterConfig.of(clusterId, members, "0.0.0.0", 5701));
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("error: cluster " + clusterId + " at " + members + ": "
                    + e.getMessage());
            return 2;
        }
        // epoll where available (as the DNS server does): every TCP check is a connection opened and closed.
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        String vantage = agentRegion + "/" + agentName;
        VoteChannels channels = new VoteChannels(vertx, vantage);
        CheckPlan.Subscription nodes = node.plan().subscribeVoteAddresses(channels::follow);
        ProbeAgent agent = new ProbeAgent(vertx, vantage, node.plan(), channels);
        agent.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "agent";
        }
    }
}
