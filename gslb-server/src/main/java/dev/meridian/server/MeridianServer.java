package dev.meridian.server;

import dev.meridian.server.config.ConfigException;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.dns.QueryHandler;
import dev.meridian.server.dns.transport.DnsListeners;
import dev.meridian.server.health.ServerHealth;
import dev.meridian.server.policy.AllDownReporter;
import dev.meridian.server.zone.ZoneSet;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A running server: configuration loaded, zones served, listeners bound. Closing it releases every socket. */
public final class MeridianServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MeridianServer.class.getName());
    private static final long START_TIMEOUT_SECONDS = 30;
    /** How often answers given with every candidate down are logged (they are counted on every query). */
    private static final long ALL_DOWN_REPORT_MILLIS = 10_000;

    private final Vertx vertx;
    private final DnsListeners listeners;
    private final AtomicReference<ZoneSet> zones;
    private final ServingData data;
    private final ServerHealth health;

    private MeridianServer(Vertx vertx, DnsListeners listeners, AtomicReference<ZoneSet> zones, ServingData data,
            ServerHealth health) {
        this.vertx = vertx;
        this.listeners = listeners;
        this.zones = zones;
        this.data = data;
        this.health = health;
    }

    /**
     * Loads the zones and binds every listen address; fails without leaving anything running when either fails.
     */
    public static MeridianServer start(ServerConfig config) throws ConfigException {
        ServingData data = ServingData.load(config);
        ZoneSet loaded = data.zones();
        AtomicReference<ZoneSet> zones = new AtomicReference<>(loaded);
        // The query path never blocks, so one event loop per core is all it needs.
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        ServerHealth health;
        try {
            health = ServerHealth.start(vertx, config.health(), config.identity(), zones::get);
        } catch (RuntimeException e) {
            vertx.close();
            closeQuietly(data);
            throw new ConfigException(null, ConfigException.NO_LINE, "cannot start health: " + e.getMessage(), e);
        }
        QueryHandler handler = new QueryHandler(zones, data.geo(), health.view(), health::report, config.identity());
        DnsListeners listeners = new DnsListeners(config.listen(), config.tcp(), handler);
        try {
            vertx.deployVerticle(listeners).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            health.close();
            vertx.close();
            closeQuietly(data);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(null, ConfigException.NO_LINE, String.valueOf(cause.getMessage()), cause);
        }
        AllDownReporter allDown = new AllDownReporter(() -> zones.get().zones().stream()
                .flatMap(z -> z.gslbNames().stream()).toList());
        vertx.setPeriodic(ALL_DOWN_REPORT_MILLIS, id -> vertx.executeBlocking(() -> allDown.report(), false));
        LOG.log(System.Logger.Level.INFO, "serving {0} zone(s) from {1} as {2} ({3} transport)", loaded.size(),
                config.zonesDir(), config.identity(), vertx.isNativeTransportEnabled() ? "epoll" : "nio");
        return new MeridianServer(vertx, listeners, zones, data, health);
    }

    /** Where the server listens, with the ports actually bound. */
    public List<InetSocketAddress> boundAddresses() {
        return listeners.boundAddresses();
    }

    /** The zones being served now. */
    public ZoneSet zones() {
        return zones.get();
    }

    @Override
    public void close() {
        health.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "shutdown did not complete cleanly", e);
        }
        closeQuietly(data);
    }

    private static void closeQuietly(ServingData data) {
        try {
            data.close();
        } catch (java.io.IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the geo database failed", e);
        }
    }
}
