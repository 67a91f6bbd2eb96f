package dev.meridian.probes.agent;

import dev.meridian.probes.check.Checkers;
import dev.meridian.probes.health.HealthSettings;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.ObservationStore;
import dev.meridian.probes.plan.CheckPlan;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.schedule.CheckScheduler;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One vantage point: follows the check plan the DNS servers publish, checks every endpoint in it on its own
 * schedule, and publishes its verdict per endpoint with a time to live of a few intervals, so that if this agent
 * dies its verdicts expire by themselves. The same class runs as a stand-alone agent and embedded in a DNS server.
 */
public final class ProbeAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProbeAgent.class.getName());

    private final String vantage;
    private final CheckPlan plan;
    private final ObservationStore store;
    private final HealthSettings settings;
    private final Checkers checkers;
    private final CheckScheduler scheduler;
    private final AtomicReference<Map<String, CheckTarget>> current = new AtomicReference<>(Map.of());
    private CheckPlan.Subscription subscription;

    /**
     * @param vantage this agent's identity, {@code region/name}; it keys every observation it writes
     * @param settings how long observations stay fresh (their time to live)
     */
    public ProbeAgent(Vertx vertx, String vantage, CheckPlan plan, ObservationStore store, HealthSettings settings) {
        this.vantage = Objects.requireNonNull(vantage, "vantage");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.checkers = Checkers.create(vertx);
        this.scheduler = new CheckScheduler(vertx, checkers, vantage, this::publish);
    }

    /** Starts following the plan. */
    public void start() {
        subscription = plan.subscribe(targets -> {
            current.set(targets);
            scheduler.update(List.copyOf(targets.values()));
            LOG.log(System.Logger.Level.INFO, "{0}: checking {1} endpoint(s)", vantage, targets.size());
        });
    }

    public String vantage() {
        return vantage;
    }

    private void publish(Observation observation) {
        CheckTarget target = current.get().get(observation.endpointKey());
        if (target == null) {
            return; // left the plan while its check was running
        }
        store.publish(observation, settings.freshness(target.timing())).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "{0}: cannot publish the observation of {1}: {2}", vantage,
                        observation.endpointKey(), failure.getMessage());
            }
        });
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        scheduler.close();
        checkers.close();
    }
}
