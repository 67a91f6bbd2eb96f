package dev.meridian.probes.health;

import dev.meridian.probes.health.HealthSnapshot.EndpointState;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.VoteBatch;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.CheckTiming;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns the agents' votes into endpoint health: the one owner of mutable health state, which it publishes as
 * immutable {@link HealthSnapshot}s through an {@link AtomicReference} read by {@link QuorumHealthView}. It only
 * orchestrates: {@link VoteTable} holds the latest vote per endpoint × vantage, {@link Quorum} turns fresh votes
 * into a verdict, {@link EndpointTracker} moves each endpoint's health (failback delay, hold, staleness, expiry),
 * {@link HealthEvents} logs and records the transitions, and {@link HealthStateFile} keeps them across restarts.
 *
 * <p>Rules, per endpoint:
 * <ul>
 * <li><b>Quorum.</b> Only fresh votes count (from checks younger than {@link HealthSettings#staleAfterIntervals()}
 * check intervals). The verdict is up when at least {@link HealthSettings#quorum()} of the fresh votes are up.</li>
 * <li><b>No votes, no change.</b> With fewer fresh votes than {@link HealthSettings#minFreshVantages()} the last
 * state is kept and marked stale, counted and logged: a broken health system must not fail everything over. Being
 * stale does not make a change any sooner, so it does not shorten the change bound (answer TTLs).</li>
 * <li><b>Maximum staleness.</b> Once an endpoint has been stale for {@link HealthSettings#maxStaleness()}, it is
 * expired and {@link HealthSettings#afterMaxStaleness()} applies.</li>
 * <li><b>Failback delay.</b> A down endpoint comes back only once a quorum has seen it up continuously for
 * {@link HealthSettings#failbackDelay()}; going down is immediate (the agents' fall count already confirmed it).</li>
 * <li><b>Hold.</b> A state holds at least {@link HealthSettings#minHold()} before it may flip again.</li>
 * </ul>
 *
 * <p>Evaluation depends only on the votes and the injected clock; the "since" of a verdict comes from the votes' own
 * times, so every node that holds the same votes publishes the same status and since.
 *
 * <p>All mutation happens under this object's lock, in practice on one thread: the node hands every vote batch
 * ({@link #onVotes}) to the thread that runs {@link #tick()}. A batch that changes a verdict publishes at once (one
 * snapshot per batch, so a change reaches the answers within the compiler's poll); an unchanged state is published
 * again at most about once a second, to move the change bounds along. Never on the DNS query path. The state file,
 * when given, is read once at build time and rewritten by the tick after every change.
 */
public final class HealthAggregator {
    private static final System.Logger LOG = System.getLogger(HealthAggregator.class.getName());
    /** How often an unchanged state is published again. */
    private static final Duration REFRESH = Duration.ofSeconds(1);

    private final HealthSettings settings;
    private final Clock clock;
    private final EventLog events;
    private final HealthStateFile stateFile;
    private final AtomicReference<HealthSnapshot> current = new AtomicReference<>(HealthSnapshot.EMPTY);
    private final Object saveLock = new Object();
    private final QuorumHealthView view;
    private final HealthEvents reporting;

    // Guarded by this.
    private final VoteTable votes = new VoteTable();
    private final EndpointTracker tracker;
    private final Map<String, EndpointState> states = new HashMap<>();
    private Map<String, CheckTiming> plan;
    private long version;
    private boolean unsaved;
    private long persistFailures;
    private int lastUnknown;
    private Instant lastPublished = Instant.MIN;
    /** Guarded by this: when each vantage's last batch arrived. */
    private final Map<String, Instant> lastHeard = new HashMap<>();
    /**
     * How long a silent vantage is still listed by {@link #vantagesLastHeard()}. Long enough that a lost agent shows
     * (and an alert on its silence fires) for a day; bounded, so that agents renamed or retired do not stay listed,
     * each a metric series, for as long as the node runs.
     */
    public static final Duration VANTAGE_FORGOTTEN_AFTER = Duration.ofHours(24);

    private HealthAggregator(Builder builder) {
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.view = new QuorumHealthView(current, this.clock);
        this.events = builder.events;
        this.stateFile = builder.stateFile;
        this.tracker = new EndpointTracker(settings);
        this.reporting = new HealthEvents(events, settings);
        restore();
    }

    /** Starts building an aggregator that reads time from {@code clock}. */
    public static Builder builder(Clock clock) {
        return new Builder(clock);
    }

    /** Builds a {@link HealthAggregator}. */
    public static final class Builder {
        private final Clock clock;
        private HealthSettings settings = HealthSettings.DEFAULT;
        private EventLog events = EventLog.NONE;
        private HealthStateFile stateFile;

        private Builder(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        public Builder settings(HealthSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** Where failovers, failbacks and staleness changes are recorded. */
        public Builder eventLog(EventLog value) {
            this.events = Objects.requireNonNull(value, "eventLog");
            return this;
        }

        /** Restores from this file at build time and rewrites it on the first tick after every change. */
        public Builder stateFile(HealthStateFile value) {
            this.stateFile = Objects.requireNonNull(value, "stateFile");
            return this;
        }

        public HealthAggregator build() {
            return new HealthAggregator(this);
        }
    }

    /** The view for routing policies; reads are lock-free. */
    public QuorumHealthView view() {
        return view;
    }

    /** The current snapshot. */
    public HealthSnapshot snapshot() {
        return current.get();
    }

    /** How many times an endpoint has lost all fresh votes (entered the stale state) since start. */
    public synchronized long staleTransitions() {
        return tracker.staleTransitions();
    }

    /**
     * How many times an endpoint has been stale for longer than the maximum staleness (and its stale rule applied)
     * since start.
     */
    public synchronized long staleExpirations() {
        return tracker.staleExpirations();
    }

    /** How many times saving the state file failed since start. */
    public synchronized long persistFailures() {
        return persistFailures;
    }

    /**
     * Runs {@link #tick()} every {@code tickInterval} on the given scheduler, the aggregator's thread. Cancel the
     * returned future to stop.
     */
    public Future<?> start(ScheduledExecutorService scheduler, Duration tickInterval) {
        Objects.requireNonNull(scheduler, "scheduler");
        long tickMillis = Math.max(1, tickInterval.toMillis());
        return scheduler.scheduleWithFixedDelay(() -> {
            // An exception would silently end the schedule: log it and keep ticking.
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "health evaluation failed; will retry on the next tick", e);
            }
        }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Uses the plan's check timings (for freshness and change bounds) and forgets endpoints that left the plan once
     * their observations are gone. Before the first plan nothing is forgotten.
     */
    public synchronized void setPlan(Collection<CheckTarget> targets) {
        Map<String, CheckTiming> timings = new HashMap<>();
        for (CheckTarget target : targets) {
            timings.put(target.endpointKey(), target.timing());
        }
        plan = Map.copyOf(timings);
        evaluateAll(clock.instant(), true);
    }

    /**
     * Takes in one agent's batch in one step: its votes replace that vantage's older ones (a vote never replaces a
     * newer one), a full batch also withdraws the vantage's votes it does not list, and the endpoints concerned are
     * evaluated together, so a batch publishes at most one snapshot.
     */
    public synchronized void onVotes(VoteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        lastHeard.put(batch.vantage(), clock.instant());
        Set<String> touched = new HashSet<>();
        if (batch.full()) {
            Set<String> listed = new HashSet<>();
            batch.votes().forEach(o -> listed.add(o.endpointKey()));
            touched.addAll(votes.withdrawUnlisted(batch.vantage(), listed));
        }
        for (Observation o : batch.votes()) {
            if (votes.keep(o)) {
                touched.add(o.endpointKey());
            }
        }
        evaluateSome(touched, clock.instant());
    }

    /** The votes this node holds for an endpoint, one per vantage, fresh or not: why it is in its state. */
    public synchronized java.util.List<Observation> votesFor(String endpointKey) {
        return votes.all(endpointKey);
    }

    /**
     * When this node last heard from each vantage (a batch or a heartbeat), by vantage: for status and metrics. A
     * vantage silent for longer than {@link #VANTAGE_FORGOTTEN_AFTER} is no longer listed.
     */
    public synchronized Map<String, Instant> vantagesLastHeard() {
        return Map.copyOf(lastHeard);
    }

    /**
     * Re-evaluates every endpoint at the clock's time (staleness, failback delays and hold times) and saves the state
     * file if the health changed since the last save.
     */
    public void tick() {
        synchronized (this) {
            Instant now = clock.instant();
            evaluateAll(now, false);
            Instant forgotten = now.minus(VANTAGE_FORGOTTEN_AFTER);
            lastHeard.values().removeIf(heard -> heard.isBefore(forgotten));
        }
        save();
    }

    private void restore() {
        if (stateFile == null) {
            return;
        }
        HealthStateFile.Persisted persisted = stateFile.load();
        if (persisted.endpoints().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (persisted.writtenAt().plus(settings.coldStartMaxAge()).isBefore(now)) {
            LOG.log(System.Logger.Level.WARNING, "ignoring health state file {0}: written {1}, older than {2}",
                    stateFile.path(), persisted.writtenAt(), settings.coldStartMaxAge());
            return;
        }
        synchronized (this) {
            persisted.endpoints().forEach((key, health) -> tracker.restore(key, health.status(), health.since(), now));
            version = persisted.version();
            evaluateAll(now, true);
        }
        save();
        LOG.log(System.Logger.Level.INFO, "restored the health of {0} endpoint(s) from {1} (written {2}); they are "
                + "stale until fresh observations arrive", persisted.endpoints().size(), stateFile.path(),
                persisted.writtenAt());
    }

    /** Evaluates these endpoints; publishes one snapshot if a verdict changed. */
    private void evaluateSome(Set<String> keys, Instant now) {
        List<Transition> transitions = new ArrayList<>();
        boolean verdictChanged = false;
        boolean healthChanged = false;
        for (String key : keys) {
            EndpointState next = evaluate(key, now, transitions);
            EndpointState previous = states.get(key);
            if (next == null || next.sameVerdictAs(previous) && !soonerThanPublished(key, next)) {
                // At most a later change bound: the published, earlier one stays safe until the next refresh.
                continue;
            }
            states.put(key, next);
            verdictChanged = true;
            healthChanged |= !next.sameHealthAs(previous);
        }
        if (verdictChanged) {
            publish(now, healthChanged, transitions);
        }
    }

    /** Evaluates every endpoint; publishes when {@code force}d, when anything moved, or after {@link #REFRESH}. */
    private void evaluateAll(Instant now, boolean force) {
        List<Transition> transitions = new ArrayList<>();
        Set<String> keys = new HashSet<>(tracker.endpoints());
        keys.addAll(votes.endpoints());
        boolean changed = false;
        boolean moved = force;
        for (String key : keys) {
            forgetOldObservations(key, now);
            if (plan != null && !plan.containsKey(key) && !votes.holds(key)) {
                tracker.forget(key);
                boolean removed = states.remove(key) != null;
                changed |= removed;
                moved |= removed;
                continue;
            }
            EndpointState next = evaluate(key, now, transitions);
            if (next == null) {
                continue;
            }
            EndpointState previous = states.put(key, next);
            changed |= !next.sameHealthAs(previous);
            moved |= !next.sameVerdictAs(previous) || soonerThanPublished(key, next);
        }
        // An unchanged state is published again at most about once a second, to move the change bounds along.
        if (moved || !transitions.isEmpty() || !now.isBefore(lastPublished.plus(REFRESH))) {
            publish(now, changed, transitions);
        }
    }

    /**
     * Whether the state may change sooner than the published snapshot says: answer TTLs are bounded by the
     * published bound, so an earlier one is published at once; a later one can wait.
     */
    private boolean soonerThanPublished(String key, EndpointState next) {
        EndpointState published = current.get().endpoints().get(key);
        return published != null && next.earliestChange().isBefore(published.earliestChange());
    }

    private void forgetOldObservations(String key, Instant now) {
        // Kept a while past freshness (they no longer vote), then forgotten: an agent that went away withdraws
        // nothing.
        votes.forgetBefore(key, now.minus(settings.freshness(timing(key)).multipliedBy(2)));
    }

    private CheckTiming timing(String key) {
        CheckTiming timing = plan == null ? null : plan.get(key);
        return timing == null ? settings.defaultTiming() : timing;
    }

    /** Evaluates one endpoint on its fresh votes; {@code null} when it has neither a verdict nor a past. */
    private EndpointState evaluate(String key, Instant now, List<Transition> transitions) {
        CheckTiming timing = timing(key);
        return tracker.evaluate(key, votes.fresh(key, now.minus(settings.freshness(timing))), timing, now,
                transitions);
    }

    private void publish(Instant now, boolean changed, List<Transition> transitions) {
        if (changed) {
            version++;
            unsaved = true;
        }
        int unknown = plan == null ? 0 : (int) plan.keySet().stream().filter(k -> !states.containsKey(k)).count();
        HealthSnapshot snapshot = new HealthSnapshot(version, now, states, unknown);
        current.set(snapshot);
        lastPublished = now;
        if (changed) {
            reporting.report(snapshot, transitions);
        }
        if (unknown == 0 && lastUnknown > 0) {
            LOG.log(System.Logger.Level.INFO, "health v{0}: every checked endpoint has a verdict ({1})",
                    snapshot.version(), snapshot.endpoints().size());
        }
        lastUnknown = unknown;
    }

    /**
     * Writes the state file when the health changed since the last write. Done on ticks rather than on each change,
     * so that vote intake never waits for a disk and a burst of changes costs one write.
     */
    private void save() {
        if (stateFile == null) {
            return;
        }
        // Outside the evaluation lock, so listeners never wait for the disk; one save at a time, newest last.
        synchronized (saveLock) {
            HealthSnapshot snapshot;
            synchronized (this) {
                if (!unsaved) {
                    return;
                }
                unsaved = false;
                snapshot = current.get();
            }
            try {
                stateFile.save(snapshot);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    unsaved = true;
                    persistFailures++;
                }
                LOG.log(System.Logger.Level.WARNING, "could not save the health state to " + stateFile.path()
                        + "; will retry on the next tick; a restart now would not remember the latest health", e);
            }
        }
    }
}
