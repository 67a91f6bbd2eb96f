package dev.meridian.server.admin;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.control.WhatIf;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.policy.GslbNames;
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
import java.util.concurrent.Semaphore;

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
    private final Semaphore trials = new Semaphore(1);

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
        boolean withPolicy = ctx.request().method() == HttpMethod.POST;
        String policy = withPolicy && ctx.body() != null ? ctx.body().asString() : null;
        if (withPolicy && (policy == null || policy.isBlank())) {
            ApiError.send(ctx, 400, "bad request", "expected a policy file as the body");
            return;
        }
        if (!withPolicy) {
            for (String target : assumed.targets()) {
                if (!known(node.gslb(), target)) {
                    ApiError.send(ctx, 404, "unknown target", "'" + target + "' is not a region or endpoint of the "
                            + "configuration serving now");
                    return;
                }
            }
        } else if (!trials.tryAcquire()) {
            // Loading a configuration costs as much as a reload: one at a time, whoever asks.
            ApiError.send(ctx, 429, "busy", "another what-if with a policy file is being answered; ask again");
            return;
        }
        ExplainQuery asked = query;
        WhatIf assuming = assumed;
        // Compiling a what-if table takes the health compiler's lock, and a policy file is read from disk: off the
        // event loop, which DNS may share.
        ctx.vertx().executeBlocking(() -> withPolicy ? explainWith(policy, asked, assuming)
                : explain(asked, assuming), false).onComplete(done -> {
                    if (withPolicy) {
                        trials.release();
                    }
                    if (done.failed() && done.cause() instanceof Refused refused) {
                        ApiError.send(ctx, refused.status, refused.error, refused.getMessage());
                    } else if (done.failed()) {
                        ApiError.send(ctx, 500, "explain failed", String.valueOf(done.cause().getMessage()));
                    } else {
                        ctx.response().putHeader("content-type", "application/json").end(done.result());
                    }
                });
    }

    /** A what-if the node answers with an error of its own: the status, the error and the detail. */
    private static final class Refused extends RuntimeException {
        private final int status;
        private final String error;

        Refused(int status, String error, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    /**
     * What-if with {@code policy} as the policy of the name's zone. A broken body is a 422 naming its lines; a name in
     * no zone, or a target neither the body nor the rest of the configuration has, a 404; files on disk that no
     * longer load, a 500 that says so.
     */
    private String explainWith(String policy, ExplainQuery query, WhatIf assumed) throws IOException {
        Path dir = Files.createTempDirectory("meridian-what-if-");
        Path file = dir.resolve("policy.yaml");
        try {
            Files.writeString(file, policy);
            try (ServingSnapshot trial = node.trial(query.message().getQuestion().getName(), file)) {
                for (String target : assumed.targets()) {
                    if (!known(trial.gslb(), target)) {
                        throw new Refused(404, "unknown target", "'" + target + "' is not a region or endpoint of "
                                + "the configuration with this policy");
                    }
                }
                Instant now = Instant.now();
                return TrialExplainer.explain(trial, node::observed, assumed.over(node.overlays().current(), now),
                        node.latency().view(), query, node.identity(), now).put("assumed", assumed(assumed))
                        .put("policy", "from the request body").encode();
            } catch (IllegalArgumentException e) {
                throw new Refused(404, "unknown name", e.getMessage());
            } catch (ConfigException e) {
                if (e.getMessage().contains(file.toString())) {
                    throw new Refused(422, "policy refused", e.getMessage().replace(file.toString(), "request body"));
                }
                throw new Refused(500, "configuration does not load",
                        "the files this node would reload from do not load: " + e.getMessage());
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

    private static boolean known(GslbNames gslb, String target) {
        for (Endpoint e : gslb.endpoints()) {
            if (e.id().equals(target) || e.region().name().equals(target)) {
                return true;
            }
        }
        return false;
    }
}
