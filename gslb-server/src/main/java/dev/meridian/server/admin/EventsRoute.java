package dev.meridian.server.admin;

import dev.meridian.probes.health.FailoverEvent;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/v1/events?limit=&offset=}: the failover events the cluster keeps, newest first, a page at a time.
 * Reading them may wait on the cluster, so it runs off the event loop.
 */
final class EventsRoute implements Handler<RoutingContext> {
    static final String PATH = "/api/v1/events";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final AdminNode node;

    EventsRoute(AdminNode node) {
        this.node = node;
    }

    @Override
    public void handle(RoutingContext ctx) {
        int limit;
        int offset;
        try {
            limit = parameter(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            offset = parameter(ctx, "offset", 0, 0, Integer.MAX_VALUE - MAX_LIMIT);
        } catch (IllegalArgumentException e) {
            ApiError.send(ctx, 400, "bad request", e.getMessage());
            return;
        }
        ctx.vertx().executeBlocking(() -> node.events().newestFirst(offset + limit), false).onComplete(done -> {
            if (done.failed()) {
                ApiError.send(ctx, 503, "events unavailable", String.valueOf(done.cause().getMessage()));
                return;
            }
            List<FailoverEvent> all = done.result();
            JsonArray page = new JsonArray();
            all.stream().skip(offset).limit(limit).forEach(e -> page.add(json(e)));
            JsonObject body = new JsonObject().put("events", page).put("offset", offset).put("limit", limit);
            if (all.size() == offset + limit) {
                body.put("next", PATH + "?limit=" + limit + "&offset=" + (offset + limit));
            }
            ctx.response().putHeader("content-type", "application/json").end(body.encode());
        });
    }

    private static int parameter(RoutingContext ctx, String name, int fallback, int min, int max) {
        String text = ctx.request().getParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + name + "' must be a whole number from " + min + " to " + max
                + ", got '" + text + "'");
    }

    private static JsonObject json(FailoverEvent e) {
        return new JsonObject().put("version", e.version()).put("at", e.at().toString()).put("subject", e.subject())
                .put("from", e.from().name().toLowerCase(Locale.ROOT)).put("to", e.to().name().toLowerCase(Locale.ROOT))
                .put("stale", e.stale()).put("downVantages", new JsonArray(e.downVantages()))
                .put("upVantages", new JsonArray(e.upVantages())).put("reason", e.reason());
    }
}
