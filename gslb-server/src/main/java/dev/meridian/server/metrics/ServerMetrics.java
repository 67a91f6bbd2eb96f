package dev.meridian.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One node's metrics: the Prometheus registry with the JVM's meters, the query path's, the GSLB decisions', and the
 * configuration's version and reloads. {@link #scrape()} gives the text a Prometheus server reads.
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final QueryMetrics queries = new QueryMetrics(registry);
    private final GslbMetrics gslb = new GslbMetrics(registry);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final AtomicReference<io.micrometer.core.instrument.Meter> info = new AtomicReference<>();
    /**
     * What the function counters read from, held here: Micrometer holds a function meter's source weakly, so a
     * method reference that nothing else holds is collected at the next GC and its meter reads NaN from then on.
     */
    private final java.util.List<Object> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Set once health is bound; its series follow the vantages as each scrape reads them. */
    private volatile VantageMetrics vantages;

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    /** The query path's observer. */
    public QueryMetrics queries() {
        return queries;
    }

    public GslbMetrics gslb() {
        return gslb;
    }

    /** {@code meridian_config_info{version=...} 1}: which configuration this node answers from. */
    public void configuration(String version) {
        io.micrometer.core.instrument.Meter previous = info.getAndSet(io.micrometer.core.instrument.Gauge
                .builder("meridian.config.info", () -> 1).description("The configuration this node answers from")
                .tag("version", version).register(registry));
        if (previous != null && !previous.getId().getTag("version").equals(version)) {
            registry.remove(previous);
        }
    }

    /**
     * {@code meridian_health_vantage_last_heard_age_seconds{vantage}} (see {@link VantageMetrics}), and the
     * staleness counters {@code meridian_health_stale_transitions_total} (an endpoint lost its fresh votes) and
     * {@code meridian_health_stale_expirations_total} (an endpoint was stale for longer than the maximum staleness).
     */
    public void health(java.util.function.Supplier<java.util.Map<String, java.time.Instant>> lastHeard,
            java.util.function.LongSupplier staleTransitions, java.util.function.LongSupplier staleExpirations,
            java.time.Clock clock) {
        vantages = new VantageMetrics(registry, lastHeard, clock);
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.health.stale.transitions",
                        held(staleTransitions), java.util.function.LongSupplier::getAsLong)
                .description("Times an endpoint lost its fresh votes and was held stale").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.health.stale.expirations",
                        held(staleExpirations), java.util.function.LongSupplier::getAsLong)
                .description("Times a stale endpoint passed the maximum staleness and its stale rule applied")
                .register(registry);
    }

    /**
     * {@code meridian_cluster_members}: the DNS nodes in this node's cluster as it sees them, itself included; 1
     * when it has lost every other member.
     */
    public void cluster(java.util.function.IntSupplier members) {
        io.micrometer.core.instrument.Gauge.builder("meridian.cluster.members", members,
                        java.util.function.IntSupplier::getAsInt)
                .description("DNS nodes in this node's cluster as it sees them, itself included")
                .strongReference(true).register(registry);
    }

    /** Exposes the rate limiter's slipped and dropped replies. */
    public void rateLimiter(java.util.function.LongSupplier slipped, java.util.function.LongSupplier dropped) {
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.dns.rrl.slipped", held(slipped),
                        java.util.function.LongSupplier::getAsLong)
                .description("UDP replies sent truncated by rate limiting").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.dns.rrl.dropped", held(dropped),
                        java.util.function.LongSupplier::getAsLong)
                .description("UDP replies dropped by rate limiting").register(registry);
    }

    /**
     * {@code meridian_dnssec_signed_total} (RRsets signed), {@code meridian_dnssec_cache_hits_total},
     * {@code meridian_dnssec_signing_seconds_total}, {@code meridian_dnssec_earliest_expiry_seconds} and
     * {@code meridian_dnssec_over_budget_total} (UDP answers truncated because the signing budget was spent), and per
     * key {@code meridian_dnssec_key_age_seconds{zone,tag,role}} and
     * {@code meridian_dnssec_key_next_event_seconds{zone,tag}} ({@link #keys}).
     */
    public void dnssec(dev.meridian.server.dnssec.SigningStage signing) {
        dev.meridian.server.dnssec.SignatureCache cache = signing.cache();
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.dnssec.signed", cache,
                        dev.meridian.server.dnssec.SignatureCache::signedCount)
                .description("RRsets signed (one signature per signing key each)").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.dnssec.cache.hits", cache,
                        dev.meridian.server.dnssec.SignatureCache::hitCount)
                .description("signed RRsets served from the signature cache").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.dnssec.signing.seconds", cache,
                        c -> c.signingNanos() / 1e9)
                .description("time spent making signatures").register(registry);
        io.micrometer.core.instrument.Gauge.builder("meridian.dnssec.earliest.expiry", cache,
                        c -> c.earliestExpiry() == null ? Double.NaN : c.earliestExpiry().getEpochSecond())
                .description("when the first cached signature expires, seconds since 1970").baseUnit("seconds")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.dnssec.over.budget", signing,
                        dev.meridian.server.dnssec.SigningStage::overBudget)
                .description("UDP answers truncated because the signing budget of the second was spent")
                .register(registry);
        keys(signing);
    }

    /**
     * Two gauges per key, registered once: keys are read only at start. The age counts from the key's Publish time,
     * on the signing clock; a key file without timing says nothing of when the key was made, so its age is NaN. The
     * next event is the time to the key's next Publish, Activate, Inactive or Delete, NaN when none is ahead.
     */
    private void keys(dev.meridian.server.dnssec.SigningStage signing) {
        java.time.Clock clock = signing.clock();
        signing.timelines().forEach((zone, timeline) -> {
            for (dev.meridian.server.dnssec.ZoneKey key : timeline.keys()) {
                dev.meridian.server.dnssec.KeyTiming timing = key.timing();
                String tag = Integer.toString(key.tag());
                io.micrometer.core.instrument.Gauge.builder("meridian.dnssec.key.age", () -> timing.publish()
                                        == java.time.Instant.MIN ? Double.NaN
                                        : seconds(java.time.Duration.between(timing.publish(), clock.instant())))
                        .description("Time since the key was published (its Publish time); NaN without one")
                        .baseUnit("seconds").tag("zone", zone.toString()).tag("tag", tag)
                        .tag("role", dev.meridian.server.dnssec.KeyRole.of(key, timeline.keys()).name())
                        .register(registry);
                io.micrometer.core.instrument.Gauge.builder("meridian.dnssec.key.next.event", () -> {
                    java.time.Instant now = clock.instant();
                    java.time.Instant next = timing.nextChangeAfter(now);
                    return next == null ? Double.NaN : seconds(java.time.Duration.between(now, next));
                }).description("Time until the key's next timing event (publish, activate, inactive, delete); NaN "
                        + "when none is ahead").baseUnit("seconds").tag("zone", zone.toString()).tag("tag", tag)
                        .register(registry);
            }
        });
    }

    private <T> T held(T source) {
        sources.add(source);
        return source;
    }

    private static double seconds(java.time.Duration d) {
        return d.toMillis() / 1000.0;
    }

    /**
     * {@code meridian_anycast_announced{prefix}} (1 while the prefix goes out, degraded included),
     * {@code meridian_anycast_degraded} and {@code meridian_anycast_transitions_total{to}}.
     */
    public void anycast(dev.meridian.server.anycast.Announcer announcer) {
        for (dev.meridian.server.geo.Cidr prefix : announcer.options().prefixes()) {
            io.micrometer.core.instrument.Gauge.builder("meridian.anycast.announced",
                            () -> announcer.announces() ? 1 : 0)
                    .description("Whether this node announces the service prefix").tag("prefix", prefix.toString())
                    .register(registry);
        }
        io.micrometer.core.instrument.Gauge.builder("meridian.anycast.degraded",
                        () -> announcer.current().state() == dev.meridian.server.anycast.Announcement.State.DEGRADED
                                ? 1 : 0)
                .description("Whether this node announces as degraded").register(registry);
        announcer.observe(a -> Counter.builder("meridian.anycast.transitions")
                .description("Changes of the anycast announcement, by the state entered")
                .tag("to", a.state().label()).register(registry).increment());
    }

    /**
     * Exposes each webhook's notifications by outcome ({@code delivered}, {@code failed}, {@code dropped} from a full
     * queue), its retries and what waits in its queue; webhooks come from configuration, so the set is bounded.
     */
    public void notifications(java.util.List<dev.meridian.server.notify.WebhookNotifier.Counts> webhooks) {
        for (dev.meridian.server.notify.WebhookNotifier.Counts w : webhooks) {
            notificationCounter(w, "delivered", w::delivered);
            notificationCounter(w, "failed", w::failed);
            notificationCounter(w, "dropped", w::dropped);
            io.micrometer.core.instrument.FunctionCounter.builder("meridian.notifications.retries", held(w),
                            dev.meridian.server.notify.WebhookNotifier.Counts::retries)
                    .description("Webhook deliveries attempted again after a failure").tag("webhook", w.webhook())
                    .register(registry);
            io.micrometer.core.instrument.Gauge.builder("meridian.notifications.queued", w,
                            dev.meridian.server.notify.WebhookNotifier.Counts::queued)
                    .description("Notifications waiting for their webhook").tag("webhook", w.webhook())
                    .strongReference(true).register(registry);
        }
    }

    private void notificationCounter(dev.meridian.server.notify.WebhookNotifier.Counts webhook, String outcome,
            java.util.function.LongSupplier count) {
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.notifications", held(count),
                        java.util.function.LongSupplier::getAsLong)
                .description("Notifications by webhook and outcome (dropped: the oldest, from a full queue)")
                .tag("webhook", webhook.webhook()).tag("outcome", outcome).register(registry);
    }

    /** Exposes the query log's lines written and queries not logged, by reason. */
    public void queryLog(java.util.function.LongSupplier written, java.util.function.LongSupplier queueFull,
            java.util.function.LongSupplier rateLimited) {
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.querylog.lines", held(written),
                        java.util.function.LongSupplier::getAsLong)
                .description("Lines written to the query log").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.querylog.dropped", held(queueFull),
                        java.util.function.LongSupplier::getAsLong)
                .description("Sampled queries not logged: the writer's queue was full, or the second's lines were "
                        + "written").tag("reason", "queue-full").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("meridian.querylog.dropped", held(rateLimited),
                        java.util.function.LongSupplier::getAsLong)
                .description("Sampled queries not logged: the writer's queue was full, or the second's lines were "
                        + "written").tag("reason", "rate-limit").register(registry);
    }

    /** Counts a reload by its outcome: {@code loaded}, {@code unchanged} or {@code failed}. */
    public void reloaded(String outcome) {
        Counter.builder("meridian.reloads").description("Reloads by outcome")
                .tag("result", outcome.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /** Counts a change made through the admin API. */
    public void adminChange(String action) {
        Counter.builder("meridian.admin.changes").description("Changes made through the admin API, by action")
                .tag("action", action).register(registry).increment();
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        VantageMetrics v = vantages;
        if (v != null) {
            v.refresh();
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
