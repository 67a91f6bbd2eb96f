package dev.meridian.probes.health;

import dev.meridian.probes.health.HealthSnapshot.EndpointState;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.plan.CheckTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Each endpoint's published health and how it moves: the quorum's verdict through the failback delay and hold time,
 * staleness when the votes go and expiry after the maximum staleness. Not thread-safe: the aggregator owns it and
 * calls it from its one thread (under its lock).
 */
final class EndpointTracker {
    private final HealthSettings settings;
    private final Map<String, Track> tracks = new HashMap<>();
    private long staleTransitions;
    private long staleExpirations;

    EndpointTracker(HealthSettings settings) {
        this.settings = settings;
    }

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

    /** Takes a state restored from the state file: stale from {@code now} until fresh votes arrive. */
    void restore(String key, HealthStatus status, Instant since, Instant now) {
        tracks.put(key, Track.restored(status, since, now));
    }

    /** Forgets an endpoint that left the plan and has no votes. */
    void forget(String key) {
        tracks.remove(key);
    }

    /** The endpoints with a past. */
    Set<String> endpoints() {
        return tracks.keySet();
    }

    /** How many times an endpoint has entered the stale state. */
    long staleTransitions() {
        return staleTransitions;
    }

    /** How many times an endpoint has been stale for longer than the maximum staleness. */
    long staleExpirations() {
        return staleExpirations;
    }

    /**
     * Evaluates one endpoint, updating its track and noting transitions.
     *
     * @return its new state, or {@code null} when it has neither a verdict nor a past
     */
    EndpointState evaluate(String key, Votes votes, CheckTiming timing, Instant now, List<Transition> transitions) {
        Track track = tracks.get(key);
        int failing = (int) votes.up().stream().filter(o -> o.failingStreak() > 0).count();

        if (votes.total() < settings.minFreshVantages()) {
            if (track == null) {
                return null;
            }
            if (!track.stale) {
                track.stale = true;
                track.staleSince = track.freshUntil == null || track.freshUntil.isAfter(now) ? now : track.freshUntil;
                staleTransitions++;
                transitions.add(new Transition(key, track.status, track.status, Transition.Kind.STALE, track.staleSince,
                        Votes.vantages(votes.down()), Votes.vantages(votes.up()),
                        votes.total() + " fresh vote(s), " + settings.minFreshVantages()
                                + " needed; holding the last state"));
            }
            expireIfStaleTooLong(key, track, votes, now, transitions);
            return new EndpointState(track.health(), null, votes.up().size(), votes.down().size(), failing,
                    staleChange(track, timing, now), track.expired);
        }
        Instant freshUntil = freshUntil(votes, timing);

        int needed = Quorum.upVotesNeeded(votes.total(), settings.quorum());
        HealthStatus verdict = Quorum.verdict(votes, needed);
        Instant verdictSince = Quorum.verdictSince(votes, verdict, needed, now);
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
                transitions.add(new Transition(key, before, before, Transition.Kind.FRESH, now, Votes.vantages(votes.down()),
                        Votes.vantages(votes.up()), "fresh votes again: " + tally));
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
        transitions.add(new Transition(key, before, track.status, Transition.Kind.EXPIRED, expiresAt,
                Votes.vantages(votes.down()), Votes.vantages(votes.up()), reason));
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
        return new Transition(key, from, track.status, Transition.Kind.VOTES, track.since, Votes.vantages(votes.down()),
                Votes.vantages(votes.up()), reason);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
