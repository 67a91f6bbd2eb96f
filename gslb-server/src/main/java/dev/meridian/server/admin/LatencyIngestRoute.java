package dev.meridian.server.admin;

import dev.meridian.probes.latency.LatencySample;
import dev.meridian.server.latency.BatchCheck;
import dev.meridian.server.latency.SampleBatchReader;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /api/v1/latency/samples}: real users' RTT samples into the cluster's latency map. Needs a read-write
 * token; each token may send {@link IngestRateLimit#BATCHES_PER_SECOND} batches a second. A batch is checked whole
 * before anything is recorded: 400 names the first bad sample, 429 says to slow down, 202 counts what was taken.
 */
final class LatencyIngestRoute implements Handler<RoutingContext> {
    static final String PATH = "/api/v1/latency/samples";

    private final AdminNode node;
    private final IngestRateLimit limit;
    private final Clock clock;

    LatencyIngestRoute(AdminNode node, Clock clock) {
        this.node = node;
        this.limit = new IngestRateLimit(clock);
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        AdminToken token = ctx.get(BearerAuth.TOKEN);
        if (!limit.admit(token.name())) {
            ctx.response().putHeader("retry-after", "1");
            ApiError.send(ctx, 429, "too many batches", "at most " + IngestRateLimit.BATCHES_PER_SECOND
                    + " batches a second per token; send fewer, larger batches");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            ApiError.send(ctx, 400, "malformed batch", "the body is not a JSON object: " + e.getMessage());
            return;
        }
        Set<String> regions = node.gslb().endpoints().stream().map(e -> e.region().name())
                .collect(Collectors.toSet());
        BatchCheck check = new SampleBatchReader(node.latency().settings()).read(body, regions, clock.instant());
        if (check instanceof BatchCheck.Rejected rejected) {
            ApiError.send(ctx, 400, "invalid batch", rejected.problem() + "; nothing was recorded");
            return;
        }
        var samples = ((BatchCheck.Accepted) check).samples();
        // Recording is a cluster call per sample: off the event loop.
        ctx.vertx().executeBlocking(() -> {
            for (LatencySample sample : samples) {
                node.latency().map().record(sample);
            }
            return samples.size();
        }, false).onComplete(done -> {
            if (done.failed()) {
                ApiError.send(ctx, 503, "samples not recorded", String.valueOf(done.cause().getMessage()));
                return;
            }
            ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("accepted", done.result()).encode());
        });
    }
}
