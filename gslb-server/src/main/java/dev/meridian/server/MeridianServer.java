package dev.meridian.server;

import dev.meridian.server.admin.AdminNode;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminServer;
import dev.meridian.server.anycast.Announcer;
import dev.meridian.server.anycast.AnycastOptions;
import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.cluster.SharedLines;
import dev.meridian.probes.health.EventLog;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.probes.measure.MeasurementTargets;
import dev.meridian.probes.measure.TargetTally;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.dns.QueryPipeline;
import dev.meridian.server.latency.LatencyRefresher;
import dev.meridian.server.metrics.LatencyMetrics;
import dev.meridian.server.dns.Stages;
import dev.meridian.server.dnssec.SigningStage;
import dev.meridian.server.dns.cookie.CookieStage;
import dev.meridian.server.dns.cookie.ServerCookies;
import dev.meridian.server.dns.limit.ResponseRateLimiter;
import dev.meridian.server.dns.transport.DnsListeners;
import dev.meridian.server.control.ClusterOverlayStore;
import dev.meridian.server.control.LocalOverlayStore;
import dev.meridian.server.control.NodeDirectory;
import dev.meridian.server.control.OverlayStore;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.health.HealthReport;
import dev.meridian.server.health.ServerHealth;
import dev.meridian.server.metrics.HealthMetrics;
import dev.meridian.server.metrics.ServerMetrics;
import dev.meridian.server.notify.Notification;
import dev.meridian.server.notify.Notifier;
import dev.meridian.server.notify.WebhookNotifier;
import dev.meridian.server.policy.AllDownReporter;
import dev.meridian.server.querylog.QueryLog;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.request.ChainTrace;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.serving.ChangeWatcher;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.serving.ConfigVersion;
import dev.meridian.server.serving.ReloadResult;
import dev.meridian.server.serving.Reloader;
import dev.meridian.server.serving.ServingSnapshot;
import dev.meridian.server.serving.SnapshotLoader;
import dev.meridian.server.zone.ZoneSet;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A running server: configuration loaded, zones served, listeners bound. Closing it releases every socket. */
public final class MeridianServer implements AdminNode, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MeridianServer.class.getName());
    private static final long START_TIMEOUT_SECONDS = 30;
    /** How often answers given with every candidate down are logged (they are counted on every query). */
    private static final long ALL_DOWN_REPORT_MILLIS = 10_000;
    /** How long a replaced snapshot stays open: a query holds one for microseconds, a slow GC pause for seconds. */
    private static final Duration RELOAD_GRACE = Duration.ofSeconds(10);
    /** How often the latency snapshot is rebuilt from the cluster's latency map (as health swaps, about 1/s). */
    private static final long LATENCY_REFRESH_MILLIS = 1000;
    /** How many of the client networks it serves most a node asks the agents to measure. */
    private static final int MEASUREMENT_TARGETS = 100;

    private final Vertx vertx;
    private final DnsListeners listeners;
    private final Reloader reloader;
    private final ServerHealth health;
    private final OverlayStore overlays;
    private final QueryPipeline pipeline;
    private final LatencyRefresher latency;
    private final MeasurementTargets targets;
    private final ServerMetrics metrics;
    private final SharedLines audit;
    private final NodeDirectory directory;
    private final String identity;
    private final Notifier notifier;
    /** The query log, or {@code null} when queries are not logged. */
    private final QueryLog queryLog;
    /** The signing stage, or {@code null} when no zone is signed. */
    private final SigningStage signing;
    private volatile AdminServer admin;
    private volatile Announcer announcer;

    private MeridianServer(Vertx vertx, DnsListeners listeners, Reloader reloader, ServerHealth health,
            OverlayStore overlays, QueryPipeline pipeline, LatencyRefresher latency, MeasurementTargets targets,
            ServerMetrics metrics, String identity, Notifier notifier, QueryLog queryLog, SigningStage signing) {
        this.notifier = notifier;
        this.signing = signing;
        this.queryLog = queryLog;
        this.vertx = vertx;
        this.listeners = listeners;
        this.reloader = reloader;
        this.health = health;
        this.overlays = overlays;
        this.pipeline = pipeline;
        this.latency = latency;
        this.targets = targets;
        this.metrics = metrics;
        this.identity = identity;
        this.audit = health.lines(AUDIT);
        this.directory = new NodeDirectory(health.shared(NODES), identity, this::summary, Clock.systemUTC());
    }

    /** Meters bound to the first snapshot, and bound again to each new one before it serves. */
    private static ServerMetrics metrics(ServingSnapshot initial, Reloader reloader, ServerHealth health) {
        ServerMetrics metrics = new ServerMetrics();
        HealthMetrics healthMetrics = new HealthMetrics(metrics.registry(), health::table, health::report);
        metrics.health(health::vantagesLastHeard, health::staleTransitions, health::staleExpirations,
                Clock.systemUTC());
        if (health.clustered()) {
            metrics.cluster(health::clusterMembers);
        }
        Consumer<ServingSnapshot> bind = snapshot -> {
            metrics.queries().bind(snapshot.zones());
            metrics.gslb().bind(snapshot.gslb());
            healthMetrics.bind(snapshot.gslb());
            metrics.configuration(snapshot.version().shortDigest());
        };
        bind.accept(initial);
        reloader.beforeSwap(bind);
        reloader.afterReload(result -> metrics.reloaded(result instanceof ReloadResult.Failed ? "failed"
                : result instanceof ReloadResult.Unchanged ? "unchanged" : "loaded"));
        return metrics;
    }

    /** The cluster's shared map of node summaries. */
    private static final String NODES = "nodes";
    /** The cluster's shared log of admin changes. */
    private static final String AUDIT = "audit";
    /** The cluster's shared map of overlays. */
    private static final String OVERLAYS = "overlays";

    /** A manual anycast withdraw is kept beside the health state, so a restarted node stays withdrawn. */
    private static Path anycastFile(ServerConfig config) {
        return config.health().stateFile().toAbsolutePath().resolveSibling("anycast.json");
    }

    /** The operator's overlays are kept beside the health state, so a restarted node keeps both. */
    private static Path overlayFile(ServerConfig config) {
        return config.health().stateFile().toAbsolutePath().resolveSibling("overlays.json");
    }

    /** Serves a fixed configuration, reloading its zone, policy and geo files when they change on disk. */
    public static MeridianServer start(ServerConfig config) throws ConfigException {
        return start(ConfigSource.fixed(config), true);
    }

    /**
     * Loads the zones and binds every listen address; fails without leaving anything running when either fails.
     *
     * @param watch whether to reload when a zone, policy, geo or configuration file changes on disk
     */
    public static MeridianServer start(ConfigSource source, boolean watch) throws ConfigException {
        return start(source, watch, Clock.systemUTC());
    }

    /**
     * As {@link #start(ConfigSource, boolean)}, with signatures dated and key timing read by {@code signingClock}
     * (a test steps through a key rollover with it).
     */
    public static MeridianServer start(ConfigSource source, boolean watch, Clock signingClock)
            throws ConfigException {
        ServerConfig config = source.load();
        SigningStage signing = config.dnssec() == null ? null : SigningStage.load(config.dnssec(), signingClock);
        ServingSnapshot initial = SnapshotLoader.load(config, source.file(), new EndpointIndex(), Clock.systemUTC());
        if (signing != null) {
            // Static data is signed before the first query, here, and before each new snapshot serves, on the
            // reloader's thread: never on an event loop.
            signing.warm(initial.zones());
        }
        // The query path never blocks, so one thread per core is all it needs: UDP readers of their own (DnsListeners)
        // and event loops that serve TCP, shared with the admin API, health checks and timers.
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)
                .setEventLoopPoolSize(config.eventLoops()));
        Reloader reloader = new Reloader(source, initial, RELOAD_GRACE, Clock.systemUTC());
        if (signing != null) {
            SigningStage signer = signing;
            reloader.beforeSwap(next -> signer.warm(next.zones()));
        }
        // Webhooks are bound at start, like the other settings outside the zones (a reload logs that they changed).
        WebhookNotifier webhooks = config.notifications().webhooks().isEmpty() ? null
                : new WebhookNotifier(vertx, config.notifications(), Clock.systemUTC());
        Notifier notifier = webhooks == null ? Notifier.NONE : webhooks;
        String identity = config.identity();
        reloader.afterReload(result -> {
            if (result instanceof ReloadResult.Failed failed) {
                notifier.send(Notification.reloadFailed(failed.at(), identity, failed.trigger(),
                        failed.serving().shortDigest(), failed.error()));
            }
        });
        ServerHealth health;
        Path overlayFile = overlayFile(config);
        try {
            health = ServerHealth.start(vertx, config.health(), config.identity(), initial.gslb(),
                    cluster -> cluster == null ? LocalOverlayStore.open(overlayFile)
                            : ClusterOverlayStore.open(cluster.shared(OVERLAYS), overlayFile),
                    event -> {
                        Notification notification = Notification.of(event, identity);
                        if (notification != null) {
                            notifier.send(notification);
                        }
                    });
            reloader.beforeSwap(next -> health.follow(next.gslb()));
        } catch (IllegalArgumentException e) {
            vertx.close();
            reloader.close();
            throw new ConfigException(null, ConfigException.NO_LINE, e.getMessage(), e);
        } catch (RuntimeException e) {
            vertx.close();
            reloader.close();
            throw new ConfigException(null, ConfigException.NO_LINE, "cannot start health: " + e.getMessage(), e);
        }
        OverlayStore overlays = health.overlays();
        // Metrics are exposed by the admin API, so they are kept only when it is served.
        ServerMetrics metrics = config.admin() == null ? null : metrics(initial, reloader, health);
        ResponseRateLimiter limiter = config.rateLimit().enabled() ? new ResponseRateLimiter(config.rateLimit())
                : null;
        Stages stages = limiter == null ? Stages.NONE : Stages.NONE.withRateLimit(limiter);
        if (config.cookies() != null) {
            stages = stages.withCookies(new CookieStage(new ServerCookies(config.cookies(), Clock.systemUTC())));
        }
        if (signing != null) {
            stages = stages.withSign(signing);
        }
        QueryLog queryLog = null;
        if (config.queryLog() != null) {
            try {
                queryLog = new QueryLog(config.queryLog(), () -> reloader.current().gslb());
            } catch (java.io.IOException e) {
                health.close();
                vertx.close();
                reloader.close();
                throw new ConfigException(null, ConfigException.NO_LINE, "query-log: cannot open "
                        + config.queryLog().file() + ": " + e.getMessage(), e);
            }
        }
        if (metrics != null) {
            stages = stages.withObserver(metrics.queries());
            if (limiter != null) {
                metrics.rateLimiter(limiter::slipped, limiter::dropped);
            }
            if (webhooks != null) {
                metrics.notifications(webhooks.counts());
            }
            if (signing != null) {
                metrics.dnssec(signing);
            }
            if (queryLog != null) {
                metrics.queryLog(queryLog::written, queryLog::queueFull, queryLog::rateLimited);
            }
        }
        if (queryLog != null) {
            stages = stages.alsoObserving(queryLog);
        }
        LatencySettings latencySettings = config.latency();
        LatencyRefresher latency = new LatencyRefresher(health.latency(latencySettings), latencySettings,
                () -> reloader.current().geo(), Clock.systemUTC());
        // The clients this node serves most, published for the agents to measure.
        TargetTally tally = new TargetTally(MEASUREMENT_TARGETS, 10 * MEASUREMENT_TARGETS,
                latencySettings.ipv4Prefix(), latencySettings.ipv6Prefix());
        MeasurementTargets targets = health.measurementTargets();
        stages = stages.withClients(tally::seen);
        vertx.setPeriodic(LATENCY_REFRESH_MILLIS, id -> vertx.executeBlocking(() -> {
            latency.refresh();
            targets.publish(config.identity(), tally.roll());
            return null;
        }, true));
        if (metrics != null) {
            LatencyMetrics.register(metrics.registry(), latency::snapshot, Clock.systemUTC());
        }
        QueryPipeline pipeline = new QueryPipeline(reloader::current, health::table, latency::view, health::report,
                reloader::lastResult, config.identity(), stages);
        pipeline.compileAnswersSoon();
        reloader.afterReload(result -> {
            if (result instanceof ReloadResult.Loaded) {
                pipeline.compileAnswersSoon();
            }
        });
        DnsListeners listeners;
        try {
            // Built inside: a listen set this host cannot bind is refused here, and closes what started like a bind.
            listeners = new DnsListeners(config.listen(), config.tcp(), config.eventLoops(), pipeline);
            vertx.deployVerticle(listeners).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            health.close();
            vertx.close();
            reloader.close();
            if (queryLog != null) {
                queryLog.close();
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(null, ConfigException.NO_LINE, String.valueOf(cause.getMessage()), cause);
        }
        AllDownReporter allDown = new AllDownReporter(() -> reloader.current().gslb().all());
        vertx.setPeriodic(ALL_DOWN_REPORT_MILLIS, id -> vertx.executeBlocking(() -> allDown.report(), false));
        if (signing != null) {
            SigningStage signer = signing;
            // Off the event loops: static data evicted from the cache is signed again here, not by a query.
            vertx.setPeriodic(signing.refreshPeriod().toMillis(), id -> vertx.executeBlocking(() -> {
                signer.refresh();
                signer.warm(reloader.current().zones());
                return null;
            }, false));
        }
        if (watch) {
            ChangeWatcher.start(reloader, source, ChangeWatcher.DEFAULT_INTERVAL);
        }
        LOG.log(System.Logger.Level.INFO,
                "serving {0} zone(s) from {1} as {2} (TCP on {4} {3} event loop(s), UDP on as many readers per "
                        + "address), configuration {5}",
                initial.zones().size(), config.zonesDir(), config.identity(),
                vertx.isNativeTransportEnabled() ? "epoll" : "nio", config.eventLoops(),
                initial.version().shortDigest());
        MeridianServer server = new MeridianServer(vertx, listeners, reloader, health, overlays, pipeline, latency,
                targets, metrics, config.identity(), notifier, queryLog, signing);
        if (config.admin() != null) {
            try {
                server.startAdmin(config.admin());
            } catch (ConfigException e) {
                server.close();
                throw e;
            }
        }
        if (config.anycast() != null) {
            server.announce(config.anycast(), anycastFile(config), Announcer.STANDARD_OUTPUT);
        }
        return server;
    }

    /** Where the server listens, with the ports actually bound. */
    public List<InetSocketAddress> boundAddresses() {
        return listeners.boundAddresses();
    }

    /** The zones being served now. */
    public ZoneSet zones() {
        return reloader.current().zones();
    }

    /** The snapshot serving now. */
    public ServingSnapshot serving() {
        return reloader.current();
    }

    /**
     * Reloads every zone, policy and geo file (and the YAML file, when there is one) and swaps them in together; on
     * any error the current configuration keeps serving. Completes once the outcome is known.
     *
     * @param trigger what asked for it, as the log and {@code config.meridian} show it
     */
    @Override
    public CompletableFuture<ReloadResult> reload(String trigger) {
        return reloader.reload(trigger);
    }

    /** The outcome of the last reload, or of the start-up load until the first one. */
    @Override
    public ReloadResult lastReload() {
        return reloader.lastResult();
    }

    /**
     * Starts the admin API on this server's Vert.x instance; it closes with the server.
     *
     * @return the port it bound
     * @throws ConfigException when it cannot bind or read its certificate
     */
    public synchronized int startAdmin(AdminOptions options) throws ConfigException {
        if (admin != null) {
            throw new IllegalStateException("the admin API is already served on port " + admin.port());
        }
        try {
            admin = AdminServer.start(vertx, options, this).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return admin.port();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(null, ConfigException.NO_LINE,
                    "cannot start the admin API on " + options.listen() + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * Starts announcing the service prefixes once this node serves, writing ExaBGP's commands to {@code out}.
     *
     * @param manualFile where a manual withdraw is kept across restarts
     */
    public synchronized Announcer announce(AnycastOptions options, Path manualFile, Consumer<String> out) {
        if (announcer != null) {
            throw new IllegalStateException("already announcing " + announcer.options().prefixes());
        }
        announcer = Announcer.start(options, identity, health::report, out, manualFile);
        if (metrics != null) {
            metrics.anycast(announcer);
        }
        return announcer;
    }

    @Override
    public SigningStage signing() {
        return signing;
    }

    @Override
    public Announcer anycast() {
        return announcer;
    }

    /**
     * The first part of a stop: withdraws the prefixes, then keeps answering for the drain period while routers
     * move clients to other sites, so no query in flight meets a closed socket. Without anycast it returns at once.
     */
    public void withdrawAndDrain() throws InterruptedException {
        Announcer running = announcer;
        if (running == null) {
            return;
        }
        try {
            running.shutdown().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "anycast: the withdraw did not complete before the drain", e);
        }
        LOG.log(System.Logger.Level.INFO, "anycast: withdrawn; answering for {0} more while routes move",
                running.options().drain());
        // The drain is a deliberate wait: BGP gives no acknowledgement that every router has moved away.
        Thread.sleep(running.options().drain().toMillis());
    }

    /**
     * Stops as a lame duck: an anycast node withdraws its routes and keeps answering while they move, then
     * everything closes. What the process's stop (SIGTERM) runs.
     */
    public void stop() throws InterruptedException {
        LOG.log(System.Logger.Level.INFO, "stopping {0}", identity);
        try {
            withdrawAndDrain();
        } finally {
            close();
            LOG.log(System.Logger.Level.INFO, "stopped {0}", identity);
        }
    }

    /** The admin API's port, or -1 when it is not served. */
    public int adminPort() {
        AdminServer running = admin;
        return running == null ? -1 : running.port();
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public ConfigVersion configuration() {
        return reloader.current().version();
    }

    @Override
    public HealthReport health() {
        return health.report();
    }

    @Override
    public String metricsText() {
        return metrics == null ? null : metrics.scrape();
    }

    @Override
    public void changed(String action, String target, String token) {
        if (metrics != null) {
            metrics.adminChange(action);
        }
        // The node that made the change reports it: the other nodes see only the overlay replicated.
        if (target != null && (action.equals("drain") || action.equals("undrain"))) {
            notifier.send(Notification.change(action.equals("drain") ? Notification.Kind.DRAIN
                    : Notification.Kind.UNDRAIN, java.time.Instant.now(), identity, target, token));
        }
    }

    /** What this node tells the others about itself, for every node's status. */
    private io.vertx.core.json.JsonObject summary() {
        HealthReport report = health.report();
        ReloadResult last = reloader.lastResult();
        return new io.vertx.core.json.JsonObject()
                .put("configuration", reloader.current().version().shortDigest())
                .put("health", new io.vertx.core.json.JsonObject().put("digest", report.digest())
                        .put("state", report.state()).put("down", report.down()))
                .put("lastReload", new io.vertx.core.json.JsonObject().put("outcome",
                        last instanceof ReloadResult.Failed ? "failed" : last instanceof ReloadResult.Unchanged
                                ? "unchanged" : "loaded").put("at", last.at().toString()));
    }

    @Override
    public List<io.vertx.core.json.JsonObject> clusterNodes() {
        return directory.nodes();
    }

    @Override
    public SharedLines audit() {
        return audit;
    }

    @Override
    public EventLog events() {
        return health.events();
    }

    @Override
    public List<dev.meridian.probes.observe.Observation> votesFor(String healthKey) {
        return health.votesFor(healthKey);
    }

    @Override
    public dev.meridian.probes.health.EndpointHealth observed(String healthKey) {
        return health.observed(healthKey);
    }

    @Override
    public java.util.Map<String, java.time.Instant> vantagesLastHeard() {
        return health.vantagesLastHeard();
    }

    @Override
    public OverlayStore overlays() {
        return overlays;
    }

    @Override
    public void applyOverlays() {
        health.applyOverlays();
    }

    @Override
    public ServingSnapshot trial(org.xbill.DNS.Name name, java.nio.file.Path policy) throws ConfigException {
        return reloader.trial(name, policy);
    }

    @Override
    public GslbNames gslb() {
        return reloader.current().gslb();
    }

    @Override
    public HealthTable table() {
        return health.table();
    }

    @Override
    public HealthTable assuming(Overlays assumed) {
        return health.assuming(assumed);
    }

    @Override
    public byte[] explain(byte[] query, java.net.InetAddress source, ChainTrace trace, HealthTable table) {
        return pipeline.explain(query, source, trace, table);
    }

    @Override
    public LatencyRefresher latency() {
        return latency;
    }

    /**
     * The measurement targets this node publishes (in a cluster, every node's): what a latency measurer in this
     * process follows.
     */
    public MeasurementTargets measurementTargets() {
        return targets;
    }

    /** The reloader, for the signal handler the command installs. */
    Reloader reloader() {
        return reloader;
    }

    @Override
    public void close() {
        Announcer announcing = announcer;
        if (announcing != null) {
            announcing.shutdown().join();
            announcing.close();
        }
        AdminServer running = admin;
        if (running != null) {
            running.close();
        }
        directory.close();
        health.close();
        if (notifier instanceof WebhookNotifier webhooks) {
            webhooks.close();
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "shutdown did not complete cleanly", e);
        }
        reloader.close();
        // After the listeners: the last queries answered are written before the file closes.
        if (queryLog != null) {
            queryLog.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
