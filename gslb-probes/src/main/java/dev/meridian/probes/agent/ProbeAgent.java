package dev.meridian.probes.agent;

import dev.meridian.probes.check.Checkers;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.VoteBatch;
import dev.meridian.probes.plan.CheckPlan;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.schedule.CheckScheduler;
import dev.meridian.probes.vote.VotePublisher;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One vantage point: follows the check plan the DNS servers publish, checks every endpoint in it on its own
 * schedule, and sends its verdicts as votes: a batch when verdicts change, and a heartbeat with every vote once per
 * (shortest) check interval, so that if this agent dies its votes stop being fresh by themselves. The same class
 * runs as a stand-alone agent and embedded in a DNS server.
 */
public final class ProbeAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProbeAgent.class.getName());
    /** The heartbeat while nothing is checked. */
    private static final Duration IDLE_HEARTBEAT = Duration.ofSeconds(1);

    private final String vantage;
    private final CheckPlan plan;
    private final Checkers checkers;
    private final CheckScheduler scheduler;
    private final VotePublisher votes;
    private final AtomicReference<Map<String, CheckTarget>> current = new AtomicReference<>(Map.of());
    private CheckPlan.Subscription subscription;

    /**
     * @param vantage this agent's identity, {@code region/name}; it keys every vote it sends
     * @param out where its vote batches go: {@link dev.meridian.probes.vote.VoteChannels} to the DNS nodes, or the
     *        aggregator of the node it runs in
     */
    public ProbeAgent(Vertx vertx, String vantage, CheckPlan plan, Consumer<VoteBatch> out) {
        this.vantage = Objects.requireNonNull(vantage, "vantage");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.checkers = Checkers.create(vertx);
        this.votes = new VotePublisher(vertx, vantage, out);
        this.scheduler = new CheckScheduler(vertx, checkers, vantage, this::observed);
    }

    /** Starts following the plan. */
    public void start() {
        subscription = plan.subscribe(targets -> {
            current.set(targets);
            votes.follow(targets.keySet(), targets.values().stream().map(t -> t.timing().interval())
                    .min(Duration::compareTo).orElse(IDLE_HEARTBEAT));
            scheduler.update(List.copyOf(targets.values()));
            LOG.log(System.Logger.Level.INFO, "{0}: checking {1} endpoint(s)", vantage, targets.size());
        });
    }

    public String vantage() {
        return vantage;
    }

    private void observed(Observation observation) {
        if (current.get().containsKey(observation.endpointKey())) {
            votes.accept(observation);
        }
        // Otherwise it left the plan while its check was running.
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        scheduler.close();
        votes.close();
        checkers.close();
    }
}
