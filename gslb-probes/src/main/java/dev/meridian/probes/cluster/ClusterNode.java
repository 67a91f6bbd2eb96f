package dev.meridian.probes.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig.ReconnectMode;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.ReplicatedMapConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import dev.meridian.probes.health.EventLog;
import dev.meridian.probes.latency.LatencyMap;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.probes.measure.MeasurementTargets;
import dev.meridian.probes.plan.CheckPlan;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * This process's place in the Meridian cluster: an embedded Hazelcast member (a DNS server) or a client (a probe
 * agent), with the shared structures behind Meridian's own interfaces. See the package documentation for why agents
 * are clients.
 */
public final class ClusterNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());
    private static final Duration CLIENT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** Names of the maps behind {@link #shared}, so one configuration covers them all. */
    static final String SHARED_PREFIX = "meridian.shared.";
    /** Names of the ring buffers behind {@link #lines}. */
    static final String LINES_PREFIX = "meridian.lines.";

    private final HazelcastInstance hazelcast;
    private final boolean member;
    private final ClusterLink link;
    private final HazelcastCheckPlan plan;
    private final EventLog events;

    private ClusterNode(HazelcastInstance hazelcast, boolean member, ClusterLink link) {
        this.hazelcast = hazelcast;
        this.member = member;
        this.link = link;
        link.attach(hazelcast);
        this.plan = new HazelcastCheckPlan(hazelcast, link, member);
        this.events = new HazelcastEventLog(hazelcast, true);
    }

    /**
     * Starts an embedded member (for a DNS server) and joins the listed members; blocks until it has joined or, after
     * the join wait, formed a cluster alone. A member that loses the others goes on alone and merges back when they
     * are reachable again.
     *
     * @throws IllegalArgumentException when the bind host does not resolve
     */
    public static ClusterNode startMember(ClusterConfig config) {
        return startMember(config, hz -> { });
    }

    /**
     * {@link #startMember(ClusterConfig)} with Hazelcast's configuration adjusted first: for tests that put
     * members behind a proxy they can cut, to split the cluster while agents still reach every node.
     */
    static ClusterNode startMember(ClusterConfig config, Consumer<Config> adjust) {
        Objects.requireNonNull(config, "config");
        ClusterLink link = ClusterLink.forMember(config);
        Config hz = memberConfig(config);
        adjust.accept(hz);
        hz.addListenerConfig(new ListenerConfig(link));
        hz.addListenerConfig(new ListenerConfig(new MembershipLog(config.clusterName())));
        return new ClusterNode(Hazelcast.newHazelcastInstance(hz), true, link);
    }

    /**
     * Starts a client (for a probe agent) of the listed members without waiting for any of them. It connects in the
     * background and, whenever it loses the cluster, tries again for as long as it runs, with a growing pause between
     * attempts (at most {@link ClusterConfig#maxReconnectBackoff()}). While it is not connected, votes
     * travel anyway: they go to the DNS nodes' vote ports directly, not through Hazelcast.
     */
    public static ClusterNode startClient(ClusterConfig config) {
        Objects.requireNonNull(config, "config");
        ClusterLink link = ClusterLink.forClient(config);
        ClientConfig hz = clientConfig(config);
        hz.addListenerConfig(new ListenerConfig(link));
        return new ClusterNode(HazelcastClient.newHazelcastClient(hz), false, link);
    }

    /**
     * Where this node stands with the cluster, for a status line or a metric.
     *
     * @param connected whether the cluster is reachable; always true for a running member
     * @param since when {@code connected} last changed (for a member: when it started)
     */
    public record Status(boolean connected, Instant since) {
    }

    /** This node's connection state; local, does not block. */
    public Status status() {
        return new Status(link.connected() && isRunning(), link.since());
    }

    /**
     * Advertises in this member's check plan that it takes votes on {@code port} of its cluster address, so agents
     * connect to it there.
     */
    public void advertiseVotes(int port) {
        if (!member) {
            throw new IllegalStateException("only a DNS node (a cluster member) takes votes");
        }
        plan.advertiseVotes(port);
    }

    /** The shared check plan: this node's plan out, the union of the DNS nodes' plans in. */
    public CheckPlan plan() {
        return plan;
    }

    /**
     * A map of strings the DNS nodes share, by name (created on first use); see {@link SharedStrings}. Members only:
     * agents hold no operator state.
     */
    public SharedStrings shared(String name) {
        if (!member) {
            throw new IllegalStateException("only a DNS node (a cluster member) shares state");
        }
        return new HazelcastSharedStrings(hazelcast, SHARED_PREFIX + name);
    }

    /**
     * The cluster's latency map (see {@link LatencyMap}): DNS nodes read it to route, agents and the ingest endpoint
     * write samples into it.
     */
    public LatencyMap latency(LatencySettings settings) {
        return new HazelcastLatencyMap(hazelcast, settings);
    }

    /** The measurement targets the DNS nodes publish (their busiest client networks) and the agents measure. */
    public MeasurementTargets measurementTargets() {
        return new HazelcastMeasurementTargets(hazelcast);
    }

    /**
     * A log of lines the DNS nodes share, by name, keeping the newest {@value HazelcastSharedLines#CAPACITY}; see
     * {@link SharedLines}. Members only.
     */
    public SharedLines lines(String name) {
        if (!member) {
            throw new IllegalStateException("only a DNS node (a cluster member) shares state");
        }
        return new HazelcastSharedLines(hazelcast, LINES_PREFIX + name);
    }

    /** The shared event log (ringbuffer {@value HazelcastEventLog#RINGBUFFER_NAME}); only the oldest member writes. */
    public EventLog events() {
        return events;
    }

    /** Whether this is a data member (a DNS server) rather than a client. */
    public boolean isMember() {
        return member;
    }

    /** This instance's name, for logs. */
    public String name() {
        return hazelcast.getName();
    }

    /** How many members the cluster has as this node sees it (clients not counted); local, does not block. */
    public int clusterSize() {
        return hazelcast.getCluster().getMembers().size();
    }

    /**
     * {@link #clusterSize()}, or 0 once this node has stopped: for a gauge read at any time, also after a shutdown
     * (when Hazelcast refuses to answer).
     */
    public int members() {
        if (!isRunning()) {
            return 0;
        }
        try {
            return clusterSize();
        } catch (RuntimeException e) {
            // Stopped between the two calls.
            return 0;
        }
    }

    /** Whether this node is still running. */
    public boolean isRunning() {
        return hazelcast.getLifecycleService().isRunning();
    }

    /** For tests and wiring inside this package only. */
    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /**
     * Leaves the cluster gracefully: a member withdraws its check plan and hands its partitions to the others, so
     * its data (with its time to live) survives it. Idempotent.
     */
    public void shutdown() {
        if (member && isRunning()) {
            try {
                plan.withdraw();
            } catch (RuntimeException e) {
                // The oldest member removes it when this one is gone.
                LOG.log(System.Logger.Level.DEBUG, "check plan not withdrawn: {0}", e.toString());
            }
        }
        plan.close();
        hazelcast.shutdown();
    }

    @Override
    public void close() {
        shutdown();
    }

    static Config memberConfig(ClusterConfig cc) {
        Config config = new Config();
        config.setClusterName(cc.clusterName());
        config.setInstanceName("meridian-" + cc.clusterName() + "-" + cc.bindAddress());
        commonProperties(config::setProperty);
        config.setProperty("hazelcast.heartbeat.interval.seconds", seconds(cc.heartbeatInterval()));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", seconds(cc.maxNoHeartbeat()));
        config.setProperty("hazelcast.client.max.no.heartbeat.seconds", seconds(cc.maxNoHeartbeat()));
        config.setProperty("hazelcast.wait.seconds.before.join", seconds(cc.joinWait()));
        config.setProperty("hazelcast.max.wait.seconds.before.join", seconds(cc.joinWait().multipliedBy(2)));
        // After a partition heals, look for the other side within a minute rather than the default five.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "30");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "30");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cc.bindPort()).setPortAutoIncrement(false);
        String bindHost = cc.bindHost();
        if (isWildcard(bindHost)) {
            config.setProperty("hazelcast.socket.bind.any", "true");
        } else {
            config.setProperty("hazelcast.socket.bind.any", "false");
            network.getInterfaces().setEnabled(true).addInterface(resolve(bindHost));
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(cc.members())
                .setConnectionTimeoutSeconds((int) Math.max(1, cc.connectTimeout().toSeconds()));

        // Votes do not go through Hazelcast (see dev.meridian.probes.vote), so no structure needs a split-brain
        // quorum: each side of a split keeps writing its own plans and events, and every node counts the votes it
        // receives directly.
        //
        // Plans after a split heals: the merging side's entries are discarded. Each node republishes its own plan
        // when it merges (ClusterLink.MERGED -> HazelcastCheckPlan.republish) and the oldest member removes the
        // plans of nodes no longer in the cluster, so nothing a side knew is lost, and no plan of a node that left
        // during the split comes back from the other side's copy.
        config.addReplicatedMapConfig(new ReplicatedMapConfig(HazelcastCheckPlan.MAP_NAME)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setAsyncFillup(false)
                .setMergePolicyConfig(new MergePolicyConfig(DiscardMergePolicy.class.getName(),
                        MergePolicyConfig.DEFAULT_BATCH_SIZE)));
        // The event log after a split heals: the surviving cluster keeps its ring buffer whole (put-if-absent: the
        // merging side's copy is taken only where the cluster has none). Hazelcast merges a ring buffer as one
        // value, so the only other choices replace one side's history with the other's; the merging side's
        // transitions stay in its own log lines.
        config.addRingBufferConfig(new RingbufferConfig(HazelcastEventLog.RINGBUFFER_NAME)
                .setCapacity(HazelcastEventLog.CAPACITY)
                .setBackupCount(1)
                .setMergePolicyConfig(new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(),
                        MergePolicyConfig.DEFAULT_BATCH_SIZE)));
        // Shared lines (the audit log) after a split heals: as the event log, the surviving cluster keeps its own.
        config.addRingBufferConfig(new RingbufferConfig(LINES_PREFIX + "*")
                .setCapacity(HazelcastSharedLines.CAPACITY)
                .setBackupCount(1)
                .setMergePolicyConfig(new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(),
                        MergePolicyConfig.DEFAULT_BATCH_SIZE)));
        // Shared strings (the operators' overlays) after a split heals: per key, the value changed last by its
        // writer's own time wins (LaterChangeMergePolicy), so a drain made on either side during the split stands,
        // the later of two changes to one target wins, and a node that restarted alone and restored an old value
        // from its file does not bring it back. Each entry is small and each change rare, so every member keeps a
        // backup.
        config.addMapConfig(new MapConfig(SHARED_PREFIX + "*")
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setBackupCount(1)
                .setMergePolicyConfig(new MergePolicyConfig(LaterChangeMergePolicy.class.getName(),
                        MergePolicyConfig.DEFAULT_BATCH_SIZE)));
        // The latency map and the measurement targets after a split heals: per key, the value written last wins (an
        // entry is a network's newest smoothed RTT from one region; a target list is one node's newest). Losing one
        // side's latest samples costs a few seconds of smoothing, so one backup is enough.
        for (String name : new String[] {HazelcastLatencyMap.MAP_NAME, HazelcastMeasurementTargets.MAP_NAME}) {
            config.addMapConfig(new MapConfig(name)
                    .setInMemoryFormat(InMemoryFormat.BINARY)
                    .setBackupCount(1)
                    .setPerEntryStatsEnabled(true)
                    .setMergePolicyConfig(new MergePolicyConfig(LatestUpdateMergePolicy.class.getName(),
                            MergePolicyConfig.DEFAULT_BATCH_SIZE)));
        }
        return config;
    }

    static ClientConfig clientConfig(ClusterConfig cc) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(cc.clusterName());
        commonProperties(config::setProperty);
        config.setProperty("hazelcast.client.heartbeat.interval", Long.toString(cc.heartbeatInterval().toMillis()));
        config.setProperty("hazelcast.client.heartbeat.timeout", Long.toString(cc.maxNoHeartbeat().toMillis()));
        config.getNetworkConfig().setAddresses(cc.members())
                .setConnectionTimeout((int) Math.min(Integer.MAX_VALUE, cc.connectTimeout().toMillis()));
        // Start without waiting and never give up: an agent may start before any DNS node, and outlives their
        // restarts. -1 is Hazelcast's "retry forever".
        long maxBackoff = cc.maxReconnectBackoff().toMillis();
        config.getConnectionStrategyConfig().setAsyncStart(true).setReconnectMode(ReconnectMode.ASYNC)
                .getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(-1)
                .setInitialBackoffMillis((int) Math.min(CLIENT_INITIAL_BACKOFF.toMillis(), maxBackoff))
                .setMaxBackoffMillis((int) Math.min(Integer.MAX_VALUE, maxBackoff))
                .setMultiplier(2)
                .setJitter(0.2);
        return config;
    }

    private interface PropertySetter {
        Object set(String name, String value);
    }

    private static void commonProperties(PropertySetter setter) {
        setter.set("hazelcast.phone.home.enabled", "false");
        // Everything else logs through java.util.logging; an explicit -Dhazelcast.logging.type wins.
        if (System.getProperty("hazelcast.logging.type") == null) {
            setter.set("hazelcast.logging.type", "jdk");
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
    }

    private static String resolve(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cluster bind host '" + host + "' does not resolve", e);
        }
    }

    private static String seconds(Duration duration) {
        return Long.toString(duration.toSeconds());
    }
}
