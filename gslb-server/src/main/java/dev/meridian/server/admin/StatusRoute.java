package dev.meridian.server.admin;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/status}: this node's identity, configuration, last reload and health snapshot. */
final class StatusRoute implements Handler<RoutingContext> {
    static final String PATH = "/api/v1/status";

    private final AdminNode node;

    StatusRoute(AdminNode node) {
        this.node = node;
    }

    @Override
    public void handle(RoutingContext ctx) {
        JsonObject status = new JsonObject()
                .put("identity", node.identity())
                .put("configuration", NodeJson.configuration(node.configuration()))
                .put("lastReload", NodeJson.reload(node.lastReload()))
                .put("health", NodeJson.health(node.health()));
        ctx.response().putHeader("content-type", "application/json").end(new JsonObject().put("node", status).encode());
    }
}
