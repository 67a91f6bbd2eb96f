package dev.meridian.server.serving;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.logging.LogEvent;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.zone.AuthoritativeZone;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.xbill.DNS.Name;

/**
 * Owns the serving snapshot: builds a new one off the event loops, swaps it in whole when all of it loaded, and
 * closes the old one after a grace period (a query in flight keeps the snapshot it started with). Reloads run one at
 * a time on the reloader's own thread, whoever asks for them; a failed one changes nothing and is kept as the last
 * result.
 *
 * <p>Of the server YAML, what the snapshot is built from reloads: the zones directory and the geo databases. Listen
 * addresses, identity, TCP limits, event loops, health (cluster, region, agent, quorum, state file), the admin API
 * (address, tokens, TLS), webhooks, the query log and the DNSSEC keys are bound at start; a reload that finds them
 * changed logs which and keeps running with the old values until a restart.
 */
public final class Reloader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Reloader.class.getName());

    private final ConfigSource source;
    private final Clock clock;
    private final Duration grace;
    private final List<Consumer<ServingSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ReloadResult>> results = new CopyOnWriteArrayList<>();
    private final AtomicReference<ServingSnapshot> current;
    private final ScheduledExecutorService thread;
    private final Queue<ServingSnapshot> retired = new ConcurrentLinkedQueue<>();
    private volatile ReloadResult last;

    /**
     * @param initial the snapshot serving now (loaded at start)
     * @param grace how long a replaced snapshot stays open for queries that started with it
     */
    public Reloader(ConfigSource source, ServingSnapshot initial, Duration grace, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.grace = Objects.requireNonNull(grace, "grace");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.last = new ReloadResult.Loaded(initial.version().loadedAt(), "start", initial.version(), Duration.ZERO);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reload");
            t.setDaemon(true);
            return t;
        });
    }

    /** The snapshot serving now; the query path reads it once per query. */
    public ServingSnapshot current() {
        return current.get();
    }

    /** The outcome of the last reload (the start-up load until the first one). */
    public ReloadResult lastResult() {
        return last;
    }

    /**
     * Tells {@code listener} of every new snapshot just before it serves, on the reloader's thread: the health system
     * compiles its health table for the new endpoints there, so the first query on the new snapshot finds them, and
     * republishes its check plan. It may block briefly; a failure is logged and does not stop the swap.
     */
    public void beforeSwap(Consumer<ServingSnapshot> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Tells {@code listener} the outcome of every reload, whatever asked for it, on the reloader's thread. */
    public void afterReload(Consumer<ReloadResult> listener) {
        results.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Reloads on the reloader's thread; the future completes when the new snapshot serves or was refused. */
    public CompletableFuture<ReloadResult> reload(String trigger) {
        return CompletableFuture.supplyAsync(() -> reloadNow(trigger), thread);
    }

    /**
     * Loads the configuration as a reload would, with the policy of the zone {@code name} falls in read from
     * {@code policy} instead, and serves none of it: what-if with another policy file. The caller closes it.
     *
     * @throws IllegalArgumentException when {@code name} is in no zone this node serves
     */
    public ServingSnapshot trial(Name name, Path policy) throws ConfigException {
        AuthoritativeZone zone = current().zones().zoneFor(name);
        if (zone == null) {
            throw new IllegalArgumentException(name + " is in no zone this node serves");
        }
        return SnapshotLoader.load(source.load(), source.file(), new EndpointIndex(), clock,
                Map.of(zone.origin(), policy));
    }

    /** Runs {@code task} every {@code interval} on the reloader's thread, so it never overlaps a reload. */
    void every(Duration interval, Runnable task) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "periodic reload task failed: " + e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Must run on the reloader's thread. */
    ReloadResult reloadNow(String trigger) {
        ServingSnapshot old = current.get();
        long started = System.nanoTime();
        ReloadResult result;
        try {
            ServerConfig config = source.load();
            if (SourceFiles.scan(config, source.file()).withIncludes(old.sources().includes()).digest()
                    .equals(old.version().inputs())) {
                result = new ReloadResult.Unchanged(clock.instant(), trigger, old.version());
            } else {
                ServingSnapshot next = SnapshotLoader.load(config, source.file(), old.gslb().index(), clock);
                logRestartOnly(old.config(), config);
                prepare(next);
                current.set(next);
                result = new ReloadResult.Loaded(clock.instant(), trigger, next.version(),
                        Duration.ofNanos(System.nanoTime() - started));
                long millis = ((ReloadResult.Loaded) result).took().toMillis();
                LOG.log(System.Logger.Level.INFO, "reload ({0}): serving configuration {1}, {2} zone(s), {3} ms",
                        trigger, next.version().shortDigest(), next.zones().size(), millis,
                        LogEvent.of("reload", "trigger", trigger, "result", "loaded", "version",
                                next.version().shortDigest(), "zones", next.zones().size(), "millis", millis));
                retire(old);
            }
        } catch (ConfigException e) {
            result = new ReloadResult.Failed(clock.instant(), trigger, old.version(), e.getMessage());
            LOG.log(System.Logger.Level.WARNING, "reload ({0}) failed, still serving {1}: {2}", trigger,
                    old.version().shortDigest(), e.getMessage(), LogEvent.of("reload", "trigger", trigger, "result",
                            "failed", "version", old.version().shortDigest(), "error", e.getMessage()));
        } catch (RuntimeException e) {
            result = new ReloadResult.Failed(clock.instant(), trigger, old.version(), String.valueOf(e));
            LOG.log(System.Logger.Level.ERROR, "reload (" + trigger + ") failed unexpectedly, still serving "
                    + old.version().shortDigest(), e);
        }
        last = result;
        for (Consumer<ReloadResult> listener : results) {
            try {
                listener.accept(result);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a listener of reload results failed: " + e);
            }
        }
        return result;
    }

    private void prepare(ServingSnapshot next) {
        for (Consumer<ServingSnapshot> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a listener of the new configuration failed: " + e);
            }
        }
    }

    private void retire(ServingSnapshot old) {
        retired.add(old);
        thread.schedule(() -> {
            if (retired.remove(old)) {
                closeQuietly(old);
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void logRestartOnly(ServerConfig old, ServerConfig next) {
        List<String> changed = new ArrayList<>();
        if (!old.listen().equals(next.listen())) {
            changed.add("listen");
        }
        if (!old.identity().equals(next.identity())) {
            changed.add("identity");
        }
        if (!old.tcp().equals(next.tcp())) {
            changed.add("tcp");
        }
        if (old.eventLoops() != next.eventLoops()) {
            changed.add("event-loops");
        }
        if (!old.health().equals(next.health())) {
            changed.add("health/cluster");
        }
        if (!java.util.Objects.equals(old.admin(), next.admin())) {
            changed.add("admin");
        }
        if (!old.notifications().equals(next.notifications())) {
            changed.add("notify");
        }
        if (!java.util.Objects.equals(old.queryLog(), next.queryLog())) {
            changed.add("query-log");
        }
        if (!java.util.Objects.equals(old.dnssec(), next.dnssec())) {
            changed.add("dnssec");
        }
        if (!changed.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "configuration keys {0} changed; they take effect after a restart",
                    changed);
        }
    }

    private static void closeQuietly(ServingSnapshot snapshot) {
        try {
            snapshot.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing a replaced snapshot failed: " + e);
        }
    }

    /** Stops reloading and closes every snapshot, the serving one included. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ServingSnapshot s; (s = retired.poll()) != null; ) {
            closeQuietly(s);
        }
        closeQuietly(current.get());
    }
}
