package dev.meridian.server.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The one shape of every refusal: {@code {"error": short reason, "detail": what to do about it}}. */
final class ApiError {
    private ApiError() {
    }

    static void send(RoutingContext ctx, int status, String error, String detail) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", error).put("detail", detail).encode());
    }
}
