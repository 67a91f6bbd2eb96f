package dev.meridian.server.admin;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.control.WhatIf;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.serving.ServingSnapshot;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /api/v1/explain?name=&type=&client=[&ecs=]}: the answer this node gives a query from {@code client}
 * (optionally carrying the EDNS Client Subnet {@code ecs}) and why. The query goes through the node's own pipeline
 * with a recorder attached, so the explained answer is the one the DNS query gets.
 *
 * <p>{@code GET /api/v1/what-if?...&down=&drain=&weight=}: the same, with targets assumed down or drained or
 * reweighted on top of the overlays in force; nothing changes for real. {@code POST} with a policy file as the body
 * asks the same of this node's configuration with that file as the policy of the zone the name falls in: loaded as
 * a reload would load it (a broken file is a 422 naming its line), answered with the health agents observe, and
 * never served. It takes a writer's token, as loading a configuration costs the node more than a read.
 */
final class ExplainRoute implements Handler<RoutingContext> {
    static final String EXPLAIN = "/api/v1/explain";
    static final String WHAT_IF = "/api/v1/what-if";

    private final AdminNode node;
    private final boolean whatIf;

    ExplainRoute(AdminNode node, boolean whatIf) {
        this.node = node;
        this.whatIf = whatIf;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String name = ctx.request().getParam("name");
        String client = ctx.request().getParam("client");
        if (name == null || client == null) {
            ApiError.send(ctx, 400, "bad request", "expected ?name=www.example.com&client=192.0.2.1 (&type=A, "
                    + "&ecs=198.51.100.0/24" + (whatIf ? ", &down=us-east, &drain=eu-west/lb, &weight=eu-west/lb=5"
                    : "") + ")");
            return;
        }
        ExplainQuery query;
        WhatIf assumed;
        try {
            query = ExplainQuery.of(name, ctx.request().getParam("type", "A"), client,
                    ctx.request().getParam("ecs"));
            assumed = whatIf ? new WhatIf(list(ctx, "down"), list(ctx, "drain"),
                    WhatIf.weights(list(ctx, "weight"))) : WhatIf.NONE;
        } catch (IllegalArgumentException e) {
            ApiError.send(ctx, 400, "bad request", e.getMessage());
            return;
        }
        for (String target : assumed.targets()) {
            if (!known(target)) {
                ApiError.send(ctx, 404, "unknown target", "'" + target + "' is not a region or endpoint of the "
                        + "configuration serving now");
                return;
            }
        }
        ExplainQuery asked = query;
        WhatIf assuming = assumed;
        String policy = ctx.request().method() == HttpMethod.POST ? ctx.body().asString() : null;
        if (policy != null && policy.isBlank()) {
            ApiError.send(ctx, 400, "bad request", "expected a policy file as the body");
            return;
        }
        // Compiling a what-if table takes the health compiler's lock, and a policy file is read from disk: off the
        // event loop, which DNS may share.
        ctx.vertx().executeBlocking(() -> policy == null ? explain(asked, assuming)
                : explainWith(policy, asked, assuming), false).onComplete(done -> {
                    if (done.failed() && done.cause() instanceof ConfigException refused) {
                        ApiError.send(ctx, 422, "policy refused", refused.getMessage());
                    } else if (done.failed()) {
                        ApiError.send(ctx, 500, "explain failed", String.valueOf(done.cause().getMessage()));
                    } else {
                        ctx.response().putHeader("content-type", "application/json").end(done.result());
                    }
                });
    }

    /** What-if with {@code policy} as the policy of the name's zone; errors name the body's lines. */
    private String explainWith(String policy, ExplainQuery query, WhatIf assumed) throws IOException,
            ConfigException {
        Path dir = Files.createTempDirectory("meridian-what-if-");
        Path file = dir.resolve("policy.yaml");
        try {
            Files.writeString(file, policy);
            try (ServingSnapshot trial = node.trial(query.message().getQuestion().getName(), file)) {
                Instant now = Instant.now();
                return TrialExplainer.explain(trial, node::observed, assumed.over(node.overlays().current(), now),
                        node.latency().view(), query, node.identity(), now).put("assumed", assumed(assumed))
                        .put("policy", "from the request body").encode();
            } catch (ConfigException e) {
                throw new ConfigException(null, ConfigException.NO_LINE,
                        e.getMessage().replace(file.toString(), "request body"), e);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private String explain(ExplainQuery query, WhatIf assumed) {
        Overlays overlays = assumed.over(node.overlays().current(), Instant.now());
        HealthTable table = whatIf ? node.assuming(overlays) : node.table();
        ExplainTrace trace = new ExplainTrace();
        byte[] reply = node.explain(query.message().toWire(), query.source(), trace, table);
        JsonObject json = Explanation.json(query, reply, trace, node.gslb(), table, overlays)
                .put("node", node.identity()).put("configuration", node.configuration().shortDigest());
        if (whatIf) {
            json.put("assumed", assumed(assumed));
        }
        return json.encode();
    }

    private static JsonObject assumed(WhatIf assumed) {
        return new JsonObject().put("down", assumed.down()).put("drained", assumed.drained())
                .put("weights", new JsonObject(new java.util.HashMap<>(assumed.weights())));
    }

    private static List<String> list(RoutingContext ctx, String key) {
        return ctx.request().params().getAll(key).stream().flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    private boolean known(String target) {
        for (Endpoint e : node.gslb().endpoints()) {
            if (e.id().equals(target) || e.region().name().equals(target)) {
                return true;
            }
        }
        return false;
    }
}
