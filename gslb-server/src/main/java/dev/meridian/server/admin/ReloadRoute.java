package dev.meridian.server.admin;

import dev.meridian.server.serving.ReloadResult;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * {@code POST /api/v1/reload}: reloads this node's configuration and answers with the outcome, 200 when the new
 * configuration serves (or nothing had changed), 422 when it was refused and the previous one still serves.
 */
final class ReloadRoute implements Handler<RoutingContext> {
    static final String PATH = "/api/v1/reload";

    private final AdminNode node;
    private final AuditLog audit;

    ReloadRoute(AdminNode node, AuditLog audit) {
        this.node = node;
        this.audit = audit;
    }

    @Override
    public void handle(RoutingContext ctx) {
        AdminToken token = ctx.get(BearerAuth.TOKEN);
        String from = String.valueOf(ctx.request().remoteAddress());
        String before = node.configuration().shortDigest();
        node.reload("admin").whenComplete((result, error) -> ctx.vertx().runOnContext(v -> {
            if (error != null) {
                ApiError.send(ctx, 500, "reload did not complete", String.valueOf(error.getMessage()));
                return;
            }
            boolean failed = result instanceof ReloadResult.Failed;
            audit.record(new AuditLog.Entry(Instant.now(), node.identity(), token.name(), from, "reload", before,
                    result.serving().shortDigest(), failed ? "failed" : "done"));
            JsonObject body = new JsonObject().put("result", NodeJson.reload(result));
            if (failed) {
                body.put("error", "reload refused").put("detail", ((ReloadResult.Failed) result).error());
            }
            ctx.response().setStatusCode(failed ? 422 : 200).putHeader("content-type", "application/json")
                    .end(body.encode());
        }));
    }
}
