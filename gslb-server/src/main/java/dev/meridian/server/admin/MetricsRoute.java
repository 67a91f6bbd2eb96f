package dev.meridian.server.admin;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /metrics}: every meter in the Prometheus text format, for a Prometheus server to scrape. */
final class MetricsRoute implements Handler<RoutingContext> {
    static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final AdminNode node;

    MetricsRoute(AdminNode node) {
        this.node = node;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.vertx().executeBlocking(node::metricsText, false).onComplete(done -> {
            if (done.failed() || done.result() == null) {
                ApiError.send(ctx, 404, "no metrics", "this node keeps no metrics");
                return;
            }
            ctx.response().putHeader("content-type", CONTENT_TYPE).end(done.result());
        });
    }
}
