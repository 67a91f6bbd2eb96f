package dev.meridian.server.control;

import dev.meridian.probes.cluster.SharedStrings;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every DNS node's own summary — identity, configuration version, health digest and state, last reload — kept where
 * the whole cluster can read it, so any node's status shows whether the fleet agrees. Each node rewrites its entry
 * every few seconds (only when it changed, or to show it is alive) and removes it when it stops; an entry not
 * rewritten for {@link #FORGET_AFTER} belongs to a node that is gone.
 */
public final class NodeDirectory implements AutoCloseable {
    private static final Duration EVERY = Duration.ofSeconds(2);
    /** How long a silent node's entry is still shown, marked with its age. */
    public static final Duration FORGET_AFTER = Duration.ofMinutes(1);

    private final SharedStrings shared;
    private final String identity;
    private final Supplier<JsonObject> summary;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-directory");
        t.setDaemon(true);
        return t;
    });
    private String last;
    private long lastWrittenMillis;

    /** @param summary this node's facts, without its identity or time */
    public NodeDirectory(SharedStrings shared, String identity, Supplier<JsonObject> summary, Clock clock) {
        this.shared = shared;
        this.identity = identity;
        this.summary = summary;
        this.clock = clock;
        thread.scheduleWithFixedDelay(this::publish, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publish() {
        try {
            String facts = summary.get().encode();
            long now = clock.millis();
            if (facts.equals(last) && now - lastWrittenMillis < FORGET_AFTER.toMillis() / 4) {
                return;
            }
            java.time.Instant at = clock.instant();
            String entry = new JsonObject(facts).put("identity", identity).put("at", at.toString()).encode();
            shared.update(identity, old -> entry, at);
            last = facts;
            lastWrittenMillis = now;
        } catch (RuntimeException e) {
            System.getLogger(NodeDirectory.class.getName()).log(System.Logger.Level.DEBUG,
                    "node directory not updated: {0}", e.toString());
        }
    }

    /** Every node's latest entry that is not older than {@link #FORGET_AFTER}, by identity. */
    public List<JsonObject> nodes() {
        long cutoff = clock.millis() - FORGET_AFTER.toMillis();
        return shared.entries().values().stream().map(JsonObject::new)
                .filter(n -> java.time.Instant.parse(n.getString("at")).toEpochMilli() >= cutoff)
                .sorted(java.util.Comparator.comparing(n -> n.getString("identity"))).toList();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            shared.update(identity, old -> null, clock.instant());
        } catch (RuntimeException e) {
            // the cluster may already be gone: the entry ages out
        }
    }
}
