package dev.meridian.server.health;

import dev.meridian.probes.agent.ProbeAgent;
import dev.meridian.probes.cluster.ClusterConfig;
import dev.meridian.probes.cluster.ClusterNode;
import dev.meridian.probes.cluster.InMemorySharedLines;
import dev.meridian.probes.cluster.InMemorySharedStrings;
import dev.meridian.probes.cluster.SharedStrings;
import dev.meridian.probes.cluster.SharedLines;
import dev.meridian.probes.latency.InMemoryLatencyMap;
import dev.meridian.probes.latency.LatencyMap;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.probes.measure.InMemoryMeasurementTargets;
import dev.meridian.probes.measure.MeasurementTargets;
import dev.meridian.probes.config.Durations;
import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.health.EventLog;
import dev.meridian.probes.health.FailoverEvent;
import dev.meridian.probes.health.HealthAggregator;
import dev.meridian.probes.health.HealthSettings;
import dev.meridian.probes.health.HealthStateFile;
import dev.meridian.probes.health.InMemoryEventLog;
import dev.meridian.probes.observe.VoteBatch;
import dev.meridian.probes.plan.CheckPlan;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.InMemoryCheckPlan;
import dev.meridian.probes.vote.VoteChannels;
import dev.meridian.probes.vote.VoteServer;
import dev.meridian.server.config.HealthOptions;
import dev.meridian.server.control.OverlayStore;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.request.HealthTable;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Consumer;

/**
 * This node's part in the health system: it publishes the check plan of its zones, aggregates every vantage's
 * votes into the health view its answers use, and, by default, runs an agent of its own. In a cluster the node
 * takes votes on its vote port, which its plan advertises to the agents; without one its agent's votes stay in this
 * process.
 */
public final class ServerHealth implements AutoCloseable {
    /** How long an API change waits for this node's table to take it before answering anyway. */
    private static final Duration APPLY_LIMIT = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(ServerHealth.class.getName());
    /**
     * How often staleness and failback delays are re-evaluated without a new observation, and the health table
     * compiled again if that (or a forced state's end) changed it; votes are compiled as they arrive.
     */
    private static final Duration TICK = Duration.ofMillis(500);
    /** Failover events kept when there is no cluster to keep them (the cluster keeps as many). */
    private static final int EVENTS_KEPT = 1000;
    /** Lines of a shared log kept when there is no cluster to keep them. */
    private static final int AUDIT_KEPT = 10_000;

    private final ClusterNode cluster;
    private final HealthAggregator aggregator;
    private final HealthStateFile stateFile;
    private final VoteServer votes;
    private final VoteChannels channels;
    private final CheckPlan.Subscription nodes;
    private final ScheduledExecutorService scheduler;
    private final ProbeAgent agent;
    private final HealthCompiler compiler;
    private final CheckPlan plan;
    private final EventLog events;
    private final OverlayStore overlays;

    private ServerHealth(ClusterNode cluster, HealthAggregator aggregator, HealthStateFile stateFile,
            VoteServer votes, VoteChannels channels, CheckPlan.Subscription nodes, ScheduledExecutorService scheduler,
            ProbeAgent agent, HealthCompiler compiler, CheckPlan plan, EventLog events, OverlayStore overlays) {
        this.overlays = overlays;
        this.cluster = cluster;
        this.aggregator = aggregator;
        this.stateFile = stateFile;
        this.votes = votes;
        this.channels = channels;
        this.nodes = nodes;
        this.scheduler = scheduler;
        this.agent = agent;
        this.compiler = compiler;
        this.plan = plan;
        this.events = events;
    }

    /**
     * Starts health for the zones being served.
     *
     * @param identity this node's identity, the second half of its agent's vantage name
     * @param serving the GSLB names of the configuration serving at start ({@link #follow} follows reloads)
     * @param overlaysFor where the operator's changes are kept, given the cluster (or {@code null} without one); they
     *        are compiled in as the strongest layer as soon as they change
     * @param observer told of every health event this node's aggregator records, on the health thread; it must
     *        return at once
     */
    public static ServerHealth start(Vertx vertx, HealthOptions options, String identity, GslbNames serving,
            Function<ClusterNode, OverlayStore> overlaysFor, Consumer<FailoverEvent> observer) {
        List<CheckTarget> targets = serving.checkPlan();
        HealthSettings settings = HealthSettings.DEFAULT.withQuorum(options.quorum())
                .withMinFreshVantages(options.minVantages()).withFailbackDelay(options.failbackDelay())
                .withMaxStaleness(options.maxStaleness()).withAfterMaxStaleness(options.afterMaxStaleness());
        ClusterConfig clusterConfig = options.cluster() == null ? null : clusterConfig(options.cluster());
        ClusterNode cluster = clusterConfig == null ? null : ClusterNode.startMember(clusterConfig);
        OverlayStore overlays;
        try {
            overlays = overlaysFor.apply(cluster);
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.shutdown();
            }
            throw e;
        }
        CheckPlan plan = cluster == null ? new InMemoryCheckPlan() : cluster.plan();
        EventLog events = cluster == null ? new InMemoryEventLog(EVENTS_KEPT) : cluster.events();

        HealthStateFile stateFile = new HealthStateFile(options.stateFile());
        HealthAggregator aggregator = HealthAggregator.builder(Clock.systemUTC()).settings(settings)
                .eventLog(new ObservedEventLog(events, observer)).stateFile(stateFile).build();
        aggregator.setPlan(targets);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "health-aggregator");
            t.setDaemon(true);
            return t;
        });
        aggregator.start(scheduler, TICK);
        HealthCompiler compiler = new HealthCompiler(serving, aggregator.view(), aggregator::snapshot,
                overlays::current, Clock.systemUTC());
        // Every batch is applied whole on the aggregator's thread, never on an event loop, and the table compiled
        // right after it: a verdict the votes reach is answered from at once.
        Consumer<VoteBatch> intake = batch -> scheduler.execute(() -> {
            aggregator.onVotes(batch);
            compiler.refresh();
        });
        VoteServer votes = null;
        if (cluster != null) {
            votes = VoteServer.start(vertx, clusterConfig.bindHost(), clusterConfig.voteListenPort(), intake);
            cluster.advertiseVotes(votes.port());
        }
        plan.publish(targets);

        ProbeAgent agent = null;
        VoteChannels channels = null;
        CheckPlan.Subscription nodes = null;
        if (options.embeddedAgent()) {
            String vantage = options.region() + "/" + identity;
            // In a cluster the embedded agent votes like any other, to every node it can reach, this one included.
            Consumer<VoteBatch> out = intake;
            if (cluster != null) {
                channels = new VoteChannels(vertx, vantage);
                nodes = plan.subscribeVoteAddresses(channels::follow);
                out = channels;
            }
            agent = new ProbeAgent(vertx, vantage, plan, out);
            agent.start();
        }
        overlays.onChange(() -> scheduler.execute(compiler::refresh));
        scheduler.scheduleWithFixedDelay(compiler::refresh, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "health: {0} endpoint(s) checked, {1}, {2}; max-staleness {3}, then {4}",
                targets.size(), cluster == null ? "votes kept in this process"
                        : "cluster " + options.cluster().name(),
                agent == null ? "no embedded agent" : "embedded agent " + agent.vantage(),
                Durations.text(options.maxStaleness()), options.afterMaxStaleness());
        if (aggregator.snapshot().isCold()) {
            LOG.log(System.Logger.Level.WARNING, "health: cold start: no state file and no observations yet; {0} "
                    + "endpoint(s) unknown, answered as up until their first verdicts (CH TXT health.meridian shows "
                    + "state=cold)", aggregator.snapshot().unknown());
        }
        return new ServerHealth(cluster, aggregator, stateFile, votes, channels, nodes, scheduler, agent, compiler,
                plan, events, overlays);
    }

    private static ClusterConfig clusterConfig(HealthOptions.Cluster cluster) {
        HostPort bind = cluster.bind();
        return ClusterConfig.of(cluster.name(), cluster.options().memberList(), bind.address().getHostAddress(),
                bind.port());
    }

    /**
     * Compiles the table with the operator's changes in force now, on the health thread, and returns once queries
     * read it: an API call that drains a target returns only when the next query here no longer gets it.
     */
    public void applyOverlays() {
        try {
            scheduler.submit(compiler::refresh).get(APPLY_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                | java.util.concurrent.RejectedExecutionException e) {
            // The change is made and the next compile (at most a tick away) takes it: only the wait is lost.
            LOG.log(System.Logger.Level.WARNING, "health: the overlays were not applied within {0}: {1}",
                    APPLY_LIMIT, String.valueOf(e));
        }
    }

    /** The table the query path would read if {@code overlays} were the operator's changes: for what-if. */
    public HealthTable assuming(Overlays overlays) {
        return compiler.assuming(overlays);
    }

    /** The votes this node holds for an endpoint, one per vantage. */
    public java.util.List<dev.meridian.probes.observe.Observation> votesFor(String healthKey) {
        return aggregator.votesFor(healthKey);
    }

    /** The endpoint's health as observed (quorum, staleness), before configuration and overlays. */
    public dev.meridian.probes.health.EndpointHealth observed(String healthKey) {
        return aggregator.view().health(healthKey);
    }

    /** When this node last heard from each vantage, by vantage. */
    public java.util.Map<String, java.time.Instant> vantagesLastHeard() {
        return aggregator.vantagesLastHeard();
    }

    /** Whether this node is a member of a cluster of DNS nodes. */
    public boolean clustered() {
        return cluster != null;
    }

    /**
     * How many DNS nodes this node's cluster has as it sees them, itself included (1 when it is alone), 0 without a
     * cluster or once stopped. Local; does not block.
     */
    public int clusterMembers() {
        return cluster == null ? 0 : cluster.members();
    }

    /** A map of strings the cluster shares, or this node's alone without a cluster. */
    public SharedStrings shared(String name) {
        return cluster == null ? new InMemorySharedStrings() : cluster.shared(name);
    }

    /** The cluster's latency map, or this node's alone without a cluster. */
    public LatencyMap latency(LatencySettings settings) {
        return cluster == null ? new InMemoryLatencyMap(settings, Clock.systemUTC()) : cluster.latency(settings);
    }

    /** The measurement targets the DNS nodes publish for the agents, or this node's alone without a cluster. */
    public MeasurementTargets measurementTargets() {
        return cluster == null ? new InMemoryMeasurementTargets() : cluster.measurementTargets();
    }

    /** A log of lines the cluster shares (the admin API's audit log), or this node's alone without a cluster. */
    public SharedLines lines(String name) {
        return cluster == null ? new InMemorySharedLines(AUDIT_KEPT) : cluster.lines(name);
    }

    /** The operator's overlays: the cluster's, or this node's alone. */
    public OverlayStore overlays() {
        return overlays;
    }

    /** The failover events the cluster keeps (or this node, without a cluster). May block briefly. */
    public EventLog events() {
        return events;
    }

    /**
     * The health the policies read, by endpoint index: forced states from configuration, else the vantages' quorum.
     * One volatile read; safe on the query path.
     */
    public HealthTable table() {
        return compiler.table();
    }

    /**
     * Follows a reload, before its configuration serves: the health table covers its endpoints and forced states,
     * the aggregator takes its timings, agents its plan. May block briefly.
     */
    public void follow(GslbNames next) {
        compiler.follow(next);
        List<CheckTarget> targets = next.checkPlan();
        aggregator.setPlan(targets);
        plan.publish(targets);
        LOG.log(System.Logger.Level.INFO, "health: {0} endpoint(s) checked", targets.size());
    }

    /** How many times an endpoint has lost its fresh votes (gone stale) since start; for metrics. */
    public long staleTransitions() {
        return aggregator.staleTransitions();
    }

    /** How many times an endpoint has been stale for longer than the maximum staleness since start; for metrics. */
    public long staleExpirations() {
        return aggregator.staleExpirations();
    }

    /** Which snapshot this node answers from. */
    public HealthReport report() {
        // The snapshot the answers' health table was compiled from, so the report never runs ahead of the answers.
        return HealthReport.of(compiler.compiledFrom());
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
        }
        if (nodes != null) {
            nodes.close();
        }
        if (channels != null) {
            channels.close();
        }
        if (votes != null) {
            votes.close();
        }
        scheduler.shutdownNow();
        try {
            // A batch being applied may still record an event: let it finish before the cluster goes.
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The tick writes the state file; a change since the last tick is written now, so a restart starts from it.
        try {
            stateFile.save(aggregator.snapshot());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the health state to " + stateFile.path(), e);
        }
        overlays.close();
        if (cluster != null) {
            cluster.close();
        }
    }
}
