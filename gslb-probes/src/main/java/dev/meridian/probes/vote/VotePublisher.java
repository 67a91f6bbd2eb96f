package dev.meridian.probes.vote;

import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.VoteBatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns one agent's stream of check results into few messages: a batch of the votes that changed (verdict or
 * failing streak), sent {@link #COALESCE} after the first change so that changes found together travel together,
 * and one heartbeat per check interval with every vote, which keeps the unchanged ones fresh on the DNS nodes and
 * brings a node that just (re)connected everything at once. With nothing changing, an agent thus sends one message
 * per interval however many endpoints it checks.
 *
 * <p>An up endpoint's failing streak counts as a change because a node bounds answer TTLs by how soon a failing
 * endpoint could go down. A down endpoint's streak goes on growing with every failed check but tells a node
 * nothing, so it is not a change: an endpoint that stays down costs no more than one that stays up. A smoothed
 * round-trip time is not a change either, and travels with the heartbeat. Everything runs on one Vert.x context;
 * the methods may be called from any thread.
 */
public final class VotePublisher implements AutoCloseable {
    /** How long a change waits for others before its batch goes: short against a check interval. */
    static final Duration COALESCE = Duration.ofMillis(5);
    /** Heartbeats never come faster than this, whatever the shortest interval. */
    private static final long MIN_HEARTBEAT_MILLIS = 10;

    private final Vertx vertx;
    private final Context context;
    private final String vantage;
    private final Consumer<VoteBatch> out;
    private final Map<String, Observation> latest = new HashMap<>();
    /** The status and streak each endpoint's vote last went out with. */
    private final Map<String, Long> sent = new HashMap<>();
    private final Map<String, Observation> pending = new LinkedHashMap<>();
    private long flushTimer = -1;
    private long heartbeatTimer = -1;
    private long heartbeatMillis;
    private boolean closed;

    /**
     * @param vantage this agent's identity
     * @param out where batches go: the vote channels to the DNS nodes, or a node's aggregator in the same process
     */
    public VotePublisher(Vertx vertx, String vantage, Consumer<VoteBatch> out) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.context = vertx.getOrCreateContext();
        this.vantage = Objects.requireNonNull(vantage, "vantage");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Takes in one check's observation of this agent. */
    public void accept(Observation observation) {
        Objects.requireNonNull(observation, "observation");
        context.runOnContext(v -> {
            if (closed) {
                return;
            }
            String key = observation.endpointKey();
            latest.put(key, observation);
            Long before = sent.get(key);
            if (before == null || before != signature(observation)) {
                pending.put(key, observation);
                if (flushTimer < 0) {
                    flushTimer = vertx.setTimer(COALESCE.toMillis(), id -> context.runOnContext(x -> flush()));
                }
            }
        });
    }

    /**
     * Follows the plan: votes on endpoints no longer checked are dropped (the next heartbeat withdraws them), and
     * heartbeats come every {@code heartbeat} (the shortest check interval, so every vote is refreshed at least once
     * per interval of its own).
     */
    public void follow(Set<String> checked, Duration heartbeat) {
        Set<String> keys = Set.copyOf(checked);
        long millis = Math.max(MIN_HEARTBEAT_MILLIS, heartbeat.toMillis());
        context.runOnContext(v -> {
            if (closed) {
                return;
            }
            latest.keySet().retainAll(keys);
            sent.keySet().retainAll(keys);
            pending.keySet().retainAll(keys);
            if (millis != heartbeatMillis) {
                heartbeatMillis = millis;
                if (heartbeatTimer >= 0) {
                    vertx.cancelTimer(heartbeatTimer);
                }
                heartbeatTimer = vertx.setPeriodic(millis, id -> context.runOnContext(x -> heartbeat()));
            }
        });
    }

    private void flush() {
        flushTimer = -1;
        if (closed || pending.isEmpty()) {
            return;
        }
        ArrayList<Observation> changed = new ArrayList<>(pending.values());
        pending.clear();
        changed.forEach(o -> sent.put(o.endpointKey(), signature(o)));
        out.accept(VoteBatch.changes(vantage, changed));
    }

    private void heartbeat() {
        if (closed) {
            return;
        }
        // Every vote goes, the pending changes with them.
        pending.clear();
        if (flushTimer >= 0) {
            vertx.cancelTimer(flushTimer);
            flushTimer = -1;
        }
        latest.values().forEach(o -> sent.put(o.endpointKey(), signature(o)));
        out.accept(VoteBatch.all(vantage, new ArrayList<>(latest.values())));
    }

    /** Status and, while up, failing streak in one number: what makes a vote a change. */
    private static long signature(Observation o) {
        int streak = o.status() == HealthStatus.DOWN ? 0 : o.failingStreak();
        return ((long) o.status().ordinal() << 32) | (streak & 0xFFFFFFFFL);
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            if (flushTimer >= 0) {
                vertx.cancelTimer(flushTimer);
            }
            if (heartbeatTimer >= 0) {
                vertx.cancelTimer(heartbeatTimer);
            }
        });
    }
}
