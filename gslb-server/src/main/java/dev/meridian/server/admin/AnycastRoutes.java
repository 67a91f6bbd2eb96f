package dev.meridian.server.admin;

import dev.meridian.server.anycast.Announcement;
import dev.meridian.server.anycast.Announcer;
import dev.meridian.server.anycast.Readiness;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * This node's anycast announcement: {@code GET /api/v1/anycast} shows it and why, {@code POST .../withdraw} and
 * {@code POST .../announce} withdraw the node by hand and lift that, audited like every change and kept across
 * restarts. A node without an {@code anycast} block answers 404.
 */
final class AnycastRoutes {
    static final String PATH = "/api/v1/anycast";

    private final AdminNode node;
    private final AuditLog audit;

    AnycastRoutes(AdminNode node, AuditLog audit) {
        this.node = node;
        this.audit = audit;
    }

    Handler<RoutingContext> status() {
        return ctx -> {
            Announcer announcer = configured(ctx);
            if (announcer != null) {
                ctx.response().putHeader("content-type", "application/json").end(json(announcer).encode());
            }
        };
    }

    Handler<RoutingContext> withdraw() {
        return change("anycast withdraw", Announcer::withdrawByHand);
    }

    Handler<RoutingContext> announce() {
        return change("anycast announce", Announcer::announceByHand);
    }

    /** The announcement as the status shows it, or {@code null} for a node that does not announce. */
    static JsonObject json(Announcer announcer) {
        if (announcer == null) {
            return null;
        }
        Announcement a = announcer.current();
        JsonArray prefixes = new JsonArray();
        announcer.options().prefixes().forEach(p -> prefixes.add(p.toString()));
        Readiness sample = announcer.lastSample();
        return new JsonObject().put("state", a.state().label()).put("announced", announcer.announces())
                .put("reason", a.reason()).put("since", a.since().toString()).put("manual", a.manual())
                .put("shuttingDown", a.shutdown()).put("prefixes", prefixes)
                .put("commands", new JsonArray(announcer.commands()))
                .put("lastSample", sample == null ? null : new JsonObject()
                        .put("readiness", sample.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
                        .put("reason", sample.reason()));
    }

    private Handler<RoutingContext> change(String action,
            BiFunction<Announcer, String, CompletableFuture<Announcement>> how) {
        return ctx -> {
            Announcer announcer = configured(ctx);
            if (announcer == null) {
                return;
            }
            AdminToken token = ctx.get(BearerAuth.TOKEN);
            String from = String.valueOf(ctx.request().remoteAddress());
            String before = announcer.current().state().label();
            how.apply(announcer, token.name()).whenComplete((after, error) -> ctx.vertx().runOnContext(v -> {
                if (error != null) {
                    audit.record(new AuditLog.Entry(Instant.now(), node.identity(), token.name(), from, action,
                            before, before, "failed"));
                    ApiError.send(ctx, 500, action + " failed", String.valueOf(error.getMessage()));
                    return;
                }
                audit.record(new AuditLog.Entry(Instant.now(), node.identity(), token.name(), from, action, before,
                        after.state().label(), "done"));
                ctx.response().putHeader("content-type", "application/json").end(json(announcer).encode());
            }));
        };
    }

    private Announcer configured(RoutingContext ctx) {
        Announcer announcer = node.anycast();
        if (announcer == null) {
            ApiError.send(ctx, 404, "anycast is not configured", "this node has no anycast block; see docs/anycast.md");
        }
        return announcer;
    }
}
