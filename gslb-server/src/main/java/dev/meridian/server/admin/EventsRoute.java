package dev.meridian.server.admin;

import dev.meridian.probes.health.FailoverEvent;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * A log the cluster keeps, newest first, a page at a time ({@code ?limit=&offset=}): {@code GET /api/v1/events}, the
 * failover events, and {@code GET /api/v1/audit}, the changes made through the API. Reading may wait on the cluster,
 * so it runs off the event loop.
 */
final class EventsRoute implements Handler<RoutingContext> {
    static final String PATH = "/api/v1/events";
    static final String AUDIT = "/api/v1/audit";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final String path;
    private final String field;
    private final java.util.function.IntFunction<List<JsonObject>> newestFirst;

    private EventsRoute(String path, String field, java.util.function.IntFunction<List<JsonObject>> newestFirst) {
        this.path = path;
        this.field = field;
        this.newestFirst = newestFirst;
    }

    /** The failover events. */
    static EventsRoute events(AdminNode node) {
        return new EventsRoute(PATH, "events",
                n -> node.events().newestFirst(n).stream().map(EventsRoute::json).toList());
    }

    /** The audit log. */
    static EventsRoute audit(AdminNode node) {
        return new EventsRoute(AUDIT, "changes",
                n -> node.audit().newestFirst(n).stream().map(JsonObject::new).toList());
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
        ctx.vertx().executeBlocking(() -> newestFirst.apply(offset + limit), false).onComplete(done -> {
            if (done.failed()) {
                ApiError.send(ctx, 503, field + " unavailable", String.valueOf(done.cause().getMessage()));
                return;
            }
            List<JsonObject> all = done.result();
            JsonArray page = new JsonArray();
            all.stream().skip(offset).limit(limit).forEach(page::add);
            JsonObject body = new JsonObject().put(field, page).put("offset", offset).put("limit", limit);
            if (all.size() == offset + limit) {
                body.put("next", path + "?limit=" + limit + "&offset=" + (offset + limit));
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
