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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Turns the agents' observations into endpoint health: the one owner of mutable health state, which it publishes
 * as immutable {@link HealthSnapshot}s through an {@link AtomicReference} read by {@link QuorumHealthView}.
 *
 * <p>Rules, per endpoint:
 * <ul>
 * <li><b>Quorum.</b> Only fresh observations vote (younger than {@link HealthSettings#staleAfterIntervals()} check
 * intervals). The verdict is up when at least {@link HealthSettings#quorum()} of the fresh votes are up.</li>
 * <li><b>No votes, no change.</b> With fewer fresh votes than {@link HealthSettings#minFreshVantages()} the last
 * state is kept and marked stale, counted and logged: a broken health system must not fail everything over. Being
 * stale does not make a change any sooner, so it does not shorten the change bound (answer TTLs).</li>
 * <li><b>Maximum staleness.</b> Once an endpoint has been stale for {@link HealthSettings#maxStaleness()} (counted
 * from when its last needed vote stopped being fresh, or from a restore), it is expired: counted, logged once, and
 * {@link HealthSettings#afterMaxStaleness()} applies: {@link StaleRule#HOLD} keeps the last state,
 * {@link StaleRule#FAIL_OPEN} counts a down endpoint as up.</li>
 * <li><b>Failback delay.</b> A down endpoint comes back only once a quorum has seen it up continuously for
 * {@link HealthSettings#failbackDelay()}; going down is immediate (the agents' fall count already confirmed it).</li>
 * <li><b>Hold.</b> A state holds at least {@link HealthSettings#minHold()} before it may flip again.</li>
 * </ul>
 *
 * <p>Evaluation depends only on the observations and the injected clock. The "since" of a verdict comes from the
 * observations' own {@code sinceEpochMillis} (when enough vantages agreed), so every node that holds the same
 * observations publishes the same status and since. A node that first sees an endpoint takes the current verdict as
 * is, without a failback delay.
 *
 * <p>Evaluation runs on vote batches ({@link #onVotes}, handed to the aggregator's thread) and on {@link #tick()}
 * (staleness and failback need time to pass), under this object's lock; never on the DNS query path. The state file, when given,
 * is read once at build time and rewritten by the tick after every change.
 */
public final class HealthAggregator {
    private static final System.Logger LOG = System.getLogger(HealthAggregator.class.getName());
    private static final int KEYS_IN_A_LOG_LINE = 10;

    private final HealthSettings settings;
    private final Clock clock;
    private final EventLog events;
    private final HealthStateFile stateFile;
    private final AtomicReference<HealthSnapshot> current = new AtomicReference<>(HealthSnapshot.EMPTY);
    private final Object saveLock = new Object();
    private final QuorumHealthView view;

    // Guarded by this.
    private final Map<String, Map<String, Observation>> observations = new HashMap<>();
    private final Map<String, Track> tracks = new HashMap<>();
    private final Map<String, EndpointState> states = new HashMap<>();
    private Map<String, CheckTiming> plan;
    private long version;
    private boolean unsaved;
    private long staleTransitions;
    private long staleExpirations;
    private long persistFailures;
    private int lastUnknown;

    /** The mutable state of one endpoint's published health. */
    private static final class Track {
        HealthStatus status;
        Instant since;
        boolean stale;
        /** While stale: since when (from the votes' own times where known, so every node agrees). */
        Instant staleSince;
        /** Stale for longer than the maximum staleness. */
        boolean expired;
        /** While fresh: when the votes would fall below the minimum if no new one came; null when unknown. */
        Instant freshUntil;

        Track(HealthStatus status, Instant since) {
            this.status = status;
            this.since = since;
        }

        static Track restored(HealthStatus status, Instant since, Instant now) {
            Track track = new Track(status, since);
            track.stale = true;
            track.staleSince = now;
            return track;
        }

        EndpointHealth health() {
            return new EndpointHealth(status, false, since, stale);
        }
    }

    /** One change to report once the snapshot version is known. */
    private record Transition(String key, HealthStatus from, HealthStatus to, Kind kind, Instant at,
            List<String> down, List<String> up, String reason) {
        /** Whether the new state rests on no fresh votes. */
        boolean stale() {
            return kind == Kind.STALE || kind == Kind.EXPIRED;
        }
    }

    /** What a transition is about: fresh votes changing the status, or the votes going and coming back. */
    private enum Kind { VOTES, STALE, EXPIRED, FRESH }

    /** The fresh votes on one endpoint, each list sorted by vantage. */
    private record Votes(List<Observation> up, List<Observation> down) {
        int total() {
            return up.size() + down.size();
        }

        List<String> vantages(List<Observation> list) {
            return list.stream().map(Observation::vantage).toList();
        }
    }

    private HealthAggregator(Builder builder) {
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.view = new QuorumHealthView(current, this.clock);
        this.events = builder.events;
        this.stateFile = builder.stateFile;
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
        return staleTransitions;
    }

    /**
     * How many times an endpoint has been stale for longer than the maximum staleness (and its stale rule applied)
     * since start.
     */
    public synchronized long staleExpirations() {
        return staleExpirations;
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
        evaluateAll(clock.instant());
    }

    /**
     * Takes in one agent's batch in one step: its votes replace that vantage's older ones (a vote never replaces a
     * newer one), a full batch also withdraws the vantage's votes it does not list, and the endpoints concerned are
     * evaluated together, so a batch publishes at most one snapshot.
     */
    public synchronized void onVotes(VoteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        Set<String> touched = new HashSet<>();
        if (batch.full()) {
            Set<String> listed = new HashSet<>();
            batch.votes().forEach(o -> listed.add(o.endpointKey()));
            for (var it = observations.entrySet().iterator(); it.hasNext();) {
                var entry = it.next();
                if (!listed.contains(entry.getKey()) && entry.getValue().remove(batch.vantage()) != null) {
                    touched.add(entry.getKey());
                    if (entry.getValue().isEmpty()) {
                        it.remove();
                    }
                }
            }
        }
        for (Observation o : batch.votes()) {
            if (keepNewer(o)) {
                touched.add(o.endpointKey());
            }
        }
        evaluateSome(touched, clock.instant());
    }

    /**
     * Re-evaluates every endpoint at the clock's time (staleness, failback delays and hold times) and saves the state
     * file if the health changed since the last save.
     */
    public void tick() {
        synchronized (this) {
            evaluateAll(clock.instant());
        }
        save();
    }

    /** Keeps the observation unless a newer one of its vantage is held; whether it was kept. */
    private boolean keepNewer(Observation o) {
        Map<String, Observation> byVantage = observations.computeIfAbsent(o.endpointKey(), k -> new HashMap<>());
        Observation held = byVantage.get(o.vantage());
        if (held == null || held.observedEpochMillis() <= o.observedEpochMillis()) {
            byVantage.put(o.vantage(), o);
            return true;
        }
        return false;
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
            persisted.endpoints().forEach((key, health) -> tracks.put(key,
                    Track.restored(health.status(), health.since(), now)));
            version = persisted.version();
            evaluateAll(now);
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
            if (next == null || next.sameVerdictAs(previous)) {
                // Only the change bound moved (it is recomputed on the next tick; the published one is earlier).
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

    private void evaluateAll(Instant now) {
        List<Transition> transitions = new ArrayList<>();
        Set<String> keys = new HashSet<>(tracks.keySet());
        keys.addAll(observations.keySet());
        boolean changed = false;
        for (String key : keys) {
            forgetOldObservations(key, now);
            if (plan != null && !plan.containsKey(key) && !observations.containsKey(key)) {
                tracks.remove(key);
                changed |= states.remove(key) != null;
                continue;
            }
            EndpointState next = evaluate(key, now, transitions);
            if (next == null) {
                continue;
            }
            EndpointState previous = states.put(key, next);
            changed |= !next.sameHealthAs(previous);
        }
        publish(now, changed, transitions);
    }

    private void forgetOldObservations(String key, Instant now) {
        Map<String, Observation> byVantage = observations.get(key);
        if (byVantage == null) {
            return;
        }
        // Kept a while past freshness (they no longer vote), then forgotten: an agent that went away withdraws
        // nothing.
        Instant cutoff = now.minus(settings.freshness(timing(key)).multipliedBy(2));
        byVantage.values().removeIf(o -> Instant.ofEpochMilli(o.observedEpochMillis()).isBefore(cutoff));
        if (byVantage.isEmpty()) {
            observations.remove(key);
        }
    }

    private CheckTiming timing(String key) {
        CheckTiming timing = plan == null ? null : plan.get(key);
        return timing == null ? settings.defaultTiming() : timing;
    }

    private Votes freshVotes(String key, Instant now) {
        Instant freshAfter = now.minus(settings.freshness(timing(key)));
        List<Observation> up = new ArrayList<>();
        List<Observation> down = new ArrayList<>();
        for (Observation o : observations.getOrDefault(key, Map.of()).values()) {
            if (!Instant.ofEpochMilli(o.observedEpochMillis()).isBefore(freshAfter)) {
                (o.status() == HealthStatus.UP ? up : down).add(o);
            }
        }
        up.sort(Comparator.comparing(Observation::vantage));
        down.sort(Comparator.comparing(Observation::vantage));
        return new Votes(List.copyOf(up), List.copyOf(down));
    }

    /** The fewest up votes out of {@code total} that make the verdict up. */
    private int upVotesNeeded(int total) {
        for (int up = 0; up < total; up++) {
            if ((double) up / total >= settings.quorum() - 1e-9) {
                return up;
            }
        }
        return total;
    }

    /**
     * Evaluates one endpoint, updating its track and noting transitions.
     *
     * @return its new state, or {@code null} when it has neither a verdict nor a past
     */
    private EndpointState evaluate(String key, Instant now, List<Transition> transitions) {
        Votes votes = freshVotes(key, now);
        Track track = tracks.get(key);
        CheckTiming timing = timing(key);
        int failing = (int) votes.up().stream().filter(o -> o.failingStreak() > 0).count();

        if (votes.total() < settings.minFreshVantages()) {
            if (track == null) {
                return null;
            }
            if (!track.stale) {
                track.stale = true;
                track.staleSince = track.freshUntil == null || track.freshUntil.isAfter(now) ? now : track.freshUntil;
                staleTransitions++;
                transitions.add(new Transition(key, track.status, track.status, Kind.STALE, track.staleSince,
                        votes.vantages(votes.down()), votes.vantages(votes.up()),
                        votes.total() + " fresh vote(s), " + settings.minFreshVantages()
                                + " needed; holding the last state"));
            }
            expireIfStaleTooLong(key, track, votes, now, transitions);
            return new EndpointState(track.health(), null, votes.up().size(), votes.down().size(), failing,
                    staleChange(track, timing, now), track.expired);
        }
        Instant freshUntil = freshUntil(votes, timing);

        int needed = upVotesNeeded(votes.total());
        HealthStatus verdict = votes.up().size() >= needed ? HealthStatus.UP : HealthStatus.DOWN;
        Instant verdictSince = verdictSince(votes, verdict, needed, now);
        String tally = votes.down().size() + " of " + votes.total() + " fresh vantage(s) see it down";

        if (track == null) {
            // First verdict on this endpoint: taken as is; until now it was assumed up.
            track = new Track(verdict, verdictSince);
            track.freshUntil = freshUntil;
            tracks.put(key, track);
            if (verdict == HealthStatus.DOWN) {
                transitions.add(transition(key, HealthStatus.UP, track, votes, "first verdict: " + tally));
            }
        } else {
            boolean wasStale = track.stale;
            track.stale = false;
            track.expired = false;
            track.staleSince = null;
            track.freshUntil = freshUntil;
            Instant holdUntil = track.since.plus(settings.minHold());
            HealthStatus before = track.status;
            if (before == HealthStatus.UP && verdict == HealthStatus.DOWN && !now.isBefore(holdUntil)) {
                track.status = HealthStatus.DOWN;
                track.since = latest(verdictSince, holdUntil);
                transitions.add(transition(key, before, track, votes, "failover: " + tally));
            } else if (before == HealthStatus.DOWN && verdict == HealthStatus.UP) {
                Instant upAt = latest(verdictSince.plus(settings.failbackDelay()), holdUntil);
                if (!now.isBefore(upAt)) {
                    track.status = HealthStatus.UP;
                    track.since = upAt;
                    transitions.add(transition(key, before, track, votes, "failback: quorum up since "
                            + verdictSince + ", failback delay " + settings.failbackDelay() + "; " + tally));
                }
            }
            if (wasStale && track.status == before) {
                transitions.add(new Transition(key, before, before, Kind.FRESH, now, votes.vantages(votes.down()),
                        votes.vantages(votes.up()), "fresh votes again: " + tally));
            }
        }
        return new EndpointState(track.health(), verdict, votes.up().size(), votes.down().size(), failing,
                earliestChange(track, verdict, verdictSince, votes, needed, timing, now), false);
    }

    /**
     * When the fresh votes would fall below the minimum if no new observation came: when the newest
     * {@code minFreshVantages} of them have all stopped being fresh.
     */
    private Instant freshUntil(Votes votes, CheckTiming timing) {
        long[] observed = Stream.concat(votes.up().stream(), votes.down().stream())
                .mapToLong(Observation::observedEpochMillis).sorted().toArray();
        return Instant.ofEpochMilli(observed[observed.length - settings.minFreshVantages()])
                .plus(settings.freshness(timing));
    }

    /** Applies the stale rule once a stale endpoint has been stale for longer than the maximum staleness. */
    private void expireIfStaleTooLong(String key, Track track, Votes votes, Instant now, List<Transition> transitions) {
        Instant expiresAt = track.staleSince.plus(settings.maxStaleness());
        if (track.expired || now.isBefore(expiresAt)) {
            return;
        }
        track.expired = true;
        staleExpirations++;
        HealthStatus before = track.status;
        String reason = "no fresh votes since " + track.staleSince + ", longer than max-staleness "
                + settings.maxStaleness() + "; rule " + settings.afterMaxStaleness();
        if (settings.afterMaxStaleness() == StaleRule.FAIL_OPEN && before == HealthStatus.DOWN) {
            track.status = HealthStatus.UP;
            track.since = expiresAt;
            reason += ": counted as up";
        } else {
            reason += ": holding the last state";
        }
        transitions.add(new Transition(key, before, track.status, Kind.EXPIRED, expiresAt,
                votes.vantages(votes.down()), votes.vantages(votes.up()), reason));
    }

    /**
     * The earliest change of a stale endpoint. Staleness itself foresees none: an up endpoint stays up; a down one is
     * bounded as a down endpoint with fresh down votes is (it could come back that soon once votes return), and, under
     * {@link StaleRule#FAIL_OPEN}, by when it expires and is counted as up.
     */
    private Instant staleChange(Track track, CheckTiming timing, Instant now) {
        if (track.status == HealthStatus.UP) {
            return Instant.MAX;
        }
        Instant back = latest(now.plus(timing.interval().multipliedBy(timing.rise())).plus(settings.failbackDelay()),
                latest(track.since.plus(settings.minHold()), now));
        if (settings.afterMaxStaleness() == StaleRule.FAIL_OPEN && !track.expired) {
            Instant expiresAt = track.staleSince.plus(settings.maxStaleness());
            return expiresAt.isBefore(back) ? expiresAt : back;
        }
        return back;
    }

    /**
     * When the current verdict began, from the vantages' own since times: the moment the needed number of them
     * agreed, assuming each has held its view since its {@code sinceEpochMillis}. Never after {@code now}.
     */
    private static Instant verdictSince(Votes votes, HealthStatus verdict, int upNeeded, Instant now) {
        List<Observation> side = verdict == HealthStatus.UP ? votes.up() : votes.down();
        int needed = verdict == HealthStatus.UP ? upNeeded : votes.total() - upNeeded + 1;
        long[] sinces = side.stream().mapToLong(Observation::sinceEpochMillis).sorted().toArray();
        Instant since = Instant.ofEpochMilli(sinces[Math.max(1, needed) - 1]);
        return since.isAfter(now) ? now : since;
    }

    /**
     * The earliest instant the endpoint's status may change, to bound answer TTLs: going down needs enough up
     * vantages to reach their fall count ({@code (fall - failingStreak) × interval} each); coming back needs their
     * rise count and the failback delay; a hold time postpones both.
     */
    private Instant earliestChange(Track track, HealthStatus verdict, Instant verdictSince, Votes votes,
            int upNeeded, CheckTiming timing, Instant now) {
        Instant holdUntil = latest(track.since.plus(settings.minHold()), now);
        Duration interval = timing.interval();
        if (track.status == HealthStatus.UP) {
            if (verdict == HealthStatus.DOWN) {
                return holdUntil;
            }
            int mustTurn = votes.up().size() - upNeeded + 1;
            if (mustTurn > votes.up().size()) {
                return Instant.MAX;
            }
            long[] fallTimes = votes.up().stream()
                    .mapToLong(o -> interval.multipliedBy(timing.fall() - Math.min(o.failingStreak(),
                            timing.fall() - 1)).toMillis())
                    .sorted().toArray();
            return latest(now.plusMillis(fallTimes[mustTurn - 1]), holdUntil);
        }
        if (verdict == HealthStatus.UP) {
            return latest(verdictSince.plus(settings.failbackDelay()), holdUntil);
        }
        return latest(now.plus(interval.multipliedBy(timing.rise())).plus(settings.failbackDelay()), holdUntil);
    }

    private static Transition transition(String key, HealthStatus from, Track track, Votes votes, String reason) {
        return new Transition(key, from, track.status, Kind.VOTES, track.since, votes.vantages(votes.down()),
                votes.vantages(votes.up()), reason);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void publish(Instant now, boolean changed, List<Transition> transitions) {
        if (changed) {
            version++;
            unsaved = true;
        }
        int unknown = plan == null ? 0 : (int) plan.keySet().stream().filter(k -> !states.containsKey(k)).count();
        HealthSnapshot snapshot = new HealthSnapshot(version, now, states, unknown);
        current.set(snapshot);
        if (changed) {
            report(snapshot, transitions);
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

    private void report(HealthSnapshot snapshot, List<Transition> transitions) {
        Set<String> nowStale = new TreeSet<>();
        Set<String> freshAgain = new TreeSet<>();
        Set<String> expired = new TreeSet<>();
        for (Transition t : transitions) {
            if (t.from() != t.to()) {
                LOG.log(System.Logger.Level.INFO, "health v{0}: {1} {2} -> {3} since {4} ({5})", snapshot.version(),
                        t.key(), t.from(), t.to(), t.at(), t.reason());
            }
            switch (t.kind()) {
                case STALE -> nowStale.add(t.key());
                case FRESH -> freshAgain.add(t.key());
                case EXPIRED -> expired.add(t.key());
                case VOTES -> { }
            }
            FailoverEvent event = new FailoverEvent(snapshot.version(), t.at(), t.key(), t.from(), t.to(), t.stale(),
                    t.down(), t.up(), t.reason());
            try {
                events.append(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not record health event " + event, e);
            }
        }
        reportRegions(snapshot, transitions);
        // One line for many endpoints: when the health system itself breaks, everything goes stale at once.
        if (!nowStale.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "health v{0}: {1} endpoint(s) have no fresh observations; holding "
                    + "their last state (stale, {2} in total): {3}", snapshot.version(), nowStale.size(),
                    snapshot.staleCount(), firstKeys(nowStale));
        }
        if (!expired.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "health v{0}: {1} endpoint(s) stale for longer than max-staleness "
                    + "{2}; rule {3}: {4} ({5} expired in total): {6}", snapshot.version(), expired.size(),
                    settings.maxStaleness(), settings.afterMaxStaleness(),
                    settings.afterMaxStaleness() == StaleRule.FAIL_OPEN ? "down ones now count as up"
                            : "holding their last state", snapshot.expiredCount(), firstKeys(expired));
        }
        if (!freshAgain.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "health v{0}: {1} endpoint(s) have fresh observations again: {2}",
                    snapshot.version(), freshAgain.size(), firstKeys(freshAgain));
        }
    }

    /**
     * A region (the endpoint key less its last part, {@code zone/region}) is down when every endpoint of it is down;
     * its own event says when that began and ended, beside the endpoints' events.
     */
    private void reportRegions(HealthSnapshot snapshot, List<Transition> transitions) {
        Map<String, HealthStatus> before = new java.util.HashMap<>();
        for (Transition t : transitions) {
            if (t.from() != t.to()) {
                before.put(t.key(), t.from());
            }
        }
        Set<String> regions = new TreeSet<>();
        before.keySet().forEach(key -> regions.add(regionOf(key)));
        for (String region : regions) {
            HealthStatus was = regionStatus(snapshot, region, before);
            HealthStatus now = regionStatus(snapshot, region, Map.of());
            if (was != now) {
                FailoverEvent event = new FailoverEvent(snapshot.version(), snapshot.builtAt(), region, was, now,
                        false, List.of(), List.of(), now == HealthStatus.DOWN
                                ? "every endpoint of the region is down" : "an endpoint of the region is up again");
                LOG.log(System.Logger.Level.INFO, "health v{0}: region {1} {2} -> {3}", snapshot.version(), region,
                        was, now);
                try {
                    events.append(event);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not record health event " + event, e);
                }
            }
        }
    }

    private static String regionOf(String endpointKey) {
        int slash = endpointKey.lastIndexOf('/');
        return slash < 0 ? endpointKey : endpointKey.substring(0, slash);
    }

    /** Down when every endpoint of the region is down, with {@code override} replacing some endpoints' status. */
    private static HealthStatus regionStatus(HealthSnapshot snapshot, String region, Map<String, HealthStatus> override) {
        for (Map.Entry<String, HealthSnapshot.EndpointState> e : snapshot.endpoints().entrySet()) {
            if (regionOf(e.getKey()).equals(region)
                    && override.getOrDefault(e.getKey(), e.getValue().health().status()) == HealthStatus.UP) {
                return HealthStatus.UP;
            }
        }
        return HealthStatus.DOWN;
    }

    private static String firstKeys(Set<String> keys) {
        List<String> first = keys.stream().limit(KEYS_IN_A_LOG_LINE).toList();
        return String.join(", ", first) + (keys.size() > first.size() ? ", ..." : "");
    }
}
