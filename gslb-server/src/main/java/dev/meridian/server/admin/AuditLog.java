package dev.meridian.server.admin;

import dev.meridian.probes.logging.LogEvent;
import dev.meridian.probes.cluster.SharedLines;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Every change made through the API: who (the token's name, never the token), what, before and after, when, from
 * where and on which node. Logged as one line, added to the cluster's audit log (bounded, read through any node's
 * API) and, when a file is configured, appended to it as a JSON line; the file is written off the event loop, in
 * order.
 */
final class AuditLog {
    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    /** One change. */
    record Entry(Instant at, String node, String token, String from, String action, String before, String after,
            String outcome) {
        JsonObject toJson() {
            return new JsonObject().put("at", at.toString()).put("node", node).put("token", token).put("from", from)
                    .put("action", action).put("before", before).put("after", after).put("outcome", outcome);
        }
    }

    private final Vertx vertx;
    private final Path file;
    private final Changes counted;
    private final SharedLines shared;

    /**
     * @param shared the cluster's audit log, which every node's API reads
     * @param counted told each entry's action, target and token, for the metrics and the notifications
     */
    AuditLog(Vertx vertx, Path file, SharedLines shared, Changes counted) {
        this.vertx = vertx;
        this.file = file;
        this.shared = shared;
        this.counted = counted;
    }

    /** Where changes are counted: {@link AdminNode#changed}. */
    @FunctionalInterface
    interface Changes {
        void changed(String action, String target, String token);
    }

    void record(Entry entry) {
        // An entry's action is the verb, then its target when it has one: "drain gslb.example/eu".
        String[] verbAndTarget = entry.action().split(" ", 2);
        counted.changed(verbAndTarget[0], verbAndTarget.length > 1 ? verbAndTarget[1] : null, entry.token());
        shared.append(entry.toJson().encode());
        String line = entry.toJson().encode();
        LOG.log(System.Logger.Level.INFO, "audit: {0}", line, LogEvent.of("admin-change", "token", entry.token(),
                "action", entry.action(), "before", entry.before(), "after", entry.after(), "from", entry.from(),
                "node", entry.node(), "outcome", entry.outcome()));
        if (file == null) {
            return;
        }
        vertx.executeBlocking(() -> {
            try {
                Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "audit: cannot append to {0}: {1}", file, e.getMessage());
            }
            return null;
        }, true);
    }
}
