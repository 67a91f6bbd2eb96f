package dev.meridian.server.admin;

import dev.meridian.server.control.Overlay;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.policy.Endpoint;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import dev.meridian.probes.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;

/**
 * The routes that change an overlay — drain, weight, forced state — for a region ({@code /regions/:region/...}) or
 * one endpoint ({@code /endpoints/:region/:name/...}). Each names a target the serving configuration has, changes one
 * field of its overlay, audits before and after, and answers with the overlay now in force.
 */
final class OverlayRoutes {
    static final String REGION = "/api/v1/regions/:region";
    static final String ENDPOINT = "/api/v1/endpoints/:region/:name";
    static final String LIST = "/api/v1/overlays";
    /** The largest weight accepted: far above any share anyone needs, far below overflow when summed. */
    static final int MAX_WEIGHT = 1_000_000;

    private final AdminNode node;
    private final AuditLog audit;

    OverlayRoutes(AdminNode node, AuditLog audit) {
        this.node = node;
        this.audit = audit;
    }

    /** {@code GET /api/v1/overlays}: every overlay in force. */
    Handler<RoutingContext> list() {
        return ctx -> {
            io.vertx.core.json.JsonArray all = new io.vertx.core.json.JsonArray();
            node.overlays().current().byTarget().values().forEach(o -> all.add(o.toJson()));
            ctx.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("overlays", all).encode());
        };
    }

    Handler<RoutingContext> drain() {
        return change("drain", (ctx, by, at) -> o -> o.drained() ? o : o.withDrain(at, by, at));
    }

    /**
     * Undrains, with a slow start: the body's {@code {"slow-start": "20s"}}, else the longest {@code slow-start} the
     * policy files give the target's endpoints ({@code "0s"} for none).
     */
    Handler<RoutingContext> undrain() {
        return change("undrain", (ctx, by, at) -> {
            Duration ramp = optionalDuration(ctx, "slow-start", configuredSlowStart(ctx));
            return o -> o.withDrain(null, by, at).withRamp(ramp, by, at);
        });
    }

    /** Starts a slow start now: {@code {"duration": "20s"}}. */
    Handler<RoutingContext> slowStart() {
        return change("slow-start", (ctx, by, at) -> {
            Duration ramp = optionalDuration(ctx, "duration", null);
            if (ramp == null || ramp.isZero()) {
                throw new BadRequest("expected {\"duration\": a positive duration such as 30s or 5m}");
            }
            return o -> o.withRamp(ramp, by, at);
        });
    }

    private Duration configuredSlowStart(RoutingContext ctx) {
        String region = ctx.pathParam("region");
        String name = ctx.pathParam("name");
        return node.gslb().endpoints().stream()
                .filter(e -> name == null ? e.region().name().equals(region) : e.id().equals(region + "/" + name))
                .map(Endpoint::slowStart).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** A duration from the body (an empty body is none), or {@code fallback}. */
    private static Duration optionalDuration(RoutingContext ctx, String key, Duration fallback) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0) {
            return fallback;
        }
        Object value = body(ctx).getValue(key);
        if (value == null) {
            return fallback;
        }
        try {
            Duration parsed = Durations.parse(String.valueOf(value));
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new BadRequest("'" + key + "' must be a duration such as 30s or 5m, got '" + value + "'");
        }
    }

    Handler<RoutingContext> setWeight() {
        return change("weight", (ctx, by, at) -> {
            JsonObject body = body(ctx);
            Integer weight = body.getValue("weight") instanceof Number n && n.doubleValue() == n.intValue()
                    ? n.intValue() : null;
            if (weight == null || weight < 0 || weight > MAX_WEIGHT) {
                throw new BadRequest("expected {\"weight\": an integer from 0 to " + MAX_WEIGHT + "}");
            }
            return o -> o.withWeight(weight, by, at);
        });
    }

    Handler<RoutingContext> clearWeight() {
        return change("weight", (ctx, by, at) -> o -> o.withWeight(null, by, at));
    }

    Handler<RoutingContext> force() {
        return change("force", (ctx, by, at) -> {
            JsonObject body = body(ctx);
            String state = body.getValue("state") instanceof String s ? s : "";
            Overlay.Forced forced = switch (state) {
                case "up" -> Overlay.Forced.UP;
                case "down" -> Overlay.Forced.DOWN;
                default -> throw new BadRequest("expected {\"state\": \"up\" or \"down\", \"until\": optional RFC 3339 time}");
            };
            Instant until = null;
            if (body.getValue("until") != null) {
                try {
                    until = Instant.parse(String.valueOf(body.getValue("until")));
                } catch (DateTimeParseException e) {
                    throw new BadRequest("'until' must be an RFC 3339 time such as 2026-12-03T18:00:00Z");
                }
                if (!until.isAfter(at)) {
                    throw new BadRequest("'until' " + until + " has already passed");
                }
            }
            Instant end = until;
            return o -> o.withForced(forced, end, by, at);
        });
    }

    Handler<RoutingContext> unforce() {
        return change("unforce", (ctx, by, at) -> o -> o.withForced(null, null, by, at));
    }

    /** Reads a request into a change of the target's overlay, or refuses it with {@link BadRequest}. */
    @FunctionalInterface
    private interface ChangeReader {
        UnaryOperator<Overlay> read(RoutingContext ctx, String by, Instant at);
    }

    /** A request that cannot be applied as sent: 400 with what was expected. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String detail) {
            super(detail, null, false, false);
        }
    }

    private Handler<RoutingContext> change(String action, ChangeReader reader) {
        return ctx -> {
            AdminToken token = ctx.get(BearerAuth.TOKEN);
            String region = ctx.pathParam("region");
            String name = ctx.pathParam("name");
            String target = name == null ? region : region + "/" + name;
            if (!known(region, target, name != null)) {
                ApiError.send(ctx, 404, "unknown target", (name == null ? "region '" : "endpoint '") + target
                        + "' is not in the configuration serving now");
                return;
            }
            Instant at = Instant.now();
            UnaryOperator<Overlay> change;
            try {
                change = reader.read(ctx, token.name(), at);
            } catch (BadRequest e) {
                ApiError.send(ctx, 400, "bad request", e.getMessage());
                return;
            }
            String from = String.valueOf(ctx.request().remoteAddress());
            ctx.vertx().executeBlocking(() -> {
                Overlays before = node.overlays().current();
                Overlays after = node.overlays().update(target, change, token.name(), at);
                // Answered once this node answers by it: the next query here already obeys the change.
                node.applyOverlays();
                audit.record(new AuditLog.Entry(at, node.identity(), token.name(), from, action + " " + target,
                        json(before, target), json(after, target), "done"));
                return after;
            }, true).onComplete(done -> {
                if (done.failed()) {
                    ApiError.send(ctx, 500, "change not made", String.valueOf(done.cause().getMessage()));
                    return;
                }
                Overlay now = done.result().byTarget().get(target);
                ctx.response().putHeader("content-type", "application/json").end(new JsonObject()
                        .put("target", target).put("overlay", now == null ? null : now.toJson()).encode());
            });
        };
    }

    private boolean known(String region, String target, boolean endpoint) {
        for (Endpoint e : node.gslb().endpoints()) {
            if (endpoint ? e.id().equals(target) : e.region().name().equals(region)) {
                return true;
            }
        }
        return false;
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new BadRequest("expected a JSON object in the request body");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw new BadRequest("expected a JSON object in the request body");
        }
    }

    private static String json(Overlays overlays, String target) {
        Overlay overlay = overlays.byTarget().get(target);
        return overlay == null ? "{}" : overlay.toJson().encode();
    }
}
