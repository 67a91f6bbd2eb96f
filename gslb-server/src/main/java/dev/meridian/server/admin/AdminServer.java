package dev.meridian.server.admin;

import dev.meridian.server.admin.AdminToken.Access;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The admin HTTP server: routes under {@code /api/v1/}, each needing a token with read or write access (reads may
 * be let through without one on loopback), the status page at {@code /} and {@code /metrics}, served on the node's
 * Vert.x instance but never on a DNS listener. docs/openapi.yaml documents every route it serves, and a
 * test holds the two together.
 */
public final class AdminServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AdminServer.class.getName());
    private static final long CLOSE_SECONDS = 10;

    private final HttpServer server;
    private final Router router;
    private final RequestDeadlines deadlines;

    private AdminServer(HttpServer server, Router router, RequestDeadlines deadlines) {
        this.server = server;
        this.router = router;
        this.deadlines = deadlines;
    }

    /** Binds the admin listen address; fails when it cannot (address in use, unreadable certificate). */
    public static Future<AdminServer> start(Vertx vertx, AdminOptions options, AdminNode node) {
        RequestDeadlines deadlines = new RequestDeadlines(options.headerDeadline(), options.bodyDeadline());
        Router router = router(vertx, options, node, deadlines);
        HttpServerOptions http = new HttpServerOptions()
                .setHost(options.listen().address().getHostAddress())
                .setPort(options.listen().port())
                // Bytes are not progress: RequestDeadlines bounds a request; this closes a connection left idle.
                .setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(4096).setMaxHeaderSize(16 * 1024)
                // Without this the server waits for bytes to tell HTTP/1.1 from an HTTP/2 preface before it
                // reports the connection, so a client that never sends a full line would never get a deadline.
                .setHttp2ClearTextEnabled(false);
        if (options.tls() != null) {
            http.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(options.tls().certificate().toString())
                    .setKeyPath(options.tls().key().toString()));
        }
        return vertx.createHttpServer(http)
                .connectionHandler(deadlines::connected)
                .requestHandler(router)
                .listen()
                .map(bound -> {
                    LOG.log(System.Logger.Level.INFO, "admin API on {0}://{1}:{2,number,#} ({3} token(s))",
                            options.tls() != null ? "https" : "http", options.listen().address().getHostAddress(),
                            bound.actualPort(), options.tokens().size());
                    return new AdminServer(bound, router, deadlines);
                })
                .onFailure(e -> deadlines.close());
    }

    private static Router router(Vertx vertx, AdminOptions options, AdminNode node, RequestDeadlines deadlines) {
        BearerAuth auth = new BearerAuth(options.tokens(), options.readNeedsToken());
        AuditLog audit = new AuditLog(vertx, options.auditFile(), node.audit(), node::changed);
        Router router = Router.router(vertx);
        router.route().handler(deadlines::headersReceived);
        router.route().handler(BodyHandler.create(false).setBodyLimit(options.maxBodyBytes()));
        router.route().handler(deadlines::bodyReceived);
        router.route(HttpMethod.GET, MetricsRoute.PATH).handler(options.metricsNeedToken()
                ? auth.requiring(Access.READ_ONLY) : RoutingContext::next).handler(new MetricsRoute(node));
        for (StatusPage.Asset asset : StatusPage.ASSETS) {
            router.route(HttpMethod.GET, asset.path()).handler(StatusPage.serve(asset));
        }
        route(router, HttpMethod.GET, StatusRoute.PATH, auth.requiring(Access.READ_ONLY), new StatusRoute(node));
        route(router, HttpMethod.POST, ReloadRoute.PATH, auth.requiring(Access.READ_WRITE),
                new ReloadRoute(node, audit));
        route(router, HttpMethod.GET, EventsRoute.PATH, auth.requiring(Access.READ_ONLY), EventsRoute.events(node));
        route(router, HttpMethod.GET, EventsRoute.AUDIT, auth.requiring(Access.READ_ONLY), EventsRoute.audit(node));
        route(router, HttpMethod.GET, ExplainRoute.EXPLAIN, auth.requiring(Access.READ_ONLY),
                new ExplainRoute(node, false));
        route(router, HttpMethod.GET, ExplainRoute.WHAT_IF, auth.requiring(Access.READ_ONLY),
                new ExplainRoute(node, true));
        route(router, HttpMethod.POST, ExplainRoute.WHAT_IF, auth.requiring(Access.READ_WRITE),
                new ExplainRoute(node, true));
        AnycastRoutes anycast = new AnycastRoutes(node, audit);
        route(router, HttpMethod.POST, LatencyIngestRoute.PATH, auth.requiring(Access.READ_WRITE),
                new LatencyIngestRoute(node, java.time.Clock.systemUTC()));
        route(router, HttpMethod.GET, AnycastRoutes.PATH, auth.requiring(Access.READ_ONLY), anycast.status());
        route(router, HttpMethod.POST, AnycastRoutes.PATH + "/withdraw", auth.requiring(Access.READ_WRITE),
                anycast.withdraw());
        route(router, HttpMethod.POST, AnycastRoutes.PATH + "/announce", auth.requiring(Access.READ_WRITE),
                anycast.announce());
        OverlayRoutes overlays = new OverlayRoutes(node, audit);
        Handler<RoutingContext> read = auth.requiring(Access.READ_ONLY);
        Handler<RoutingContext> write = auth.requiring(Access.READ_WRITE);
        route(router, HttpMethod.GET, OverlayRoutes.LIST, read, overlays.list());
        for (String target : List.of(OverlayRoutes.REGION, OverlayRoutes.ENDPOINT)) {
            route(router, HttpMethod.POST, target + "/drain", write, overlays.drain());
            route(router, HttpMethod.DELETE, target + "/drain", write, overlays.undrain());
            route(router, HttpMethod.PUT, target + "/weight", write, overlays.setWeight());
            route(router, HttpMethod.DELETE, target + "/weight", write, overlays.clearWeight());
            route(router, HttpMethod.PUT, target + "/force", write, overlays.force());
            route(router, HttpMethod.DELETE, target + "/force", write, overlays.unforce());
            route(router, HttpMethod.POST, target + "/slow-start", write, overlays.slowStart());
        }
        router.errorHandler(404, ctx -> ApiError.send(ctx, 404, "not found",
                "no route " + ctx.request().path() + "; see docs/api.md"));
        router.errorHandler(405, ctx -> ApiError.send(ctx, 405, "method not allowed",
                ctx.request().method() + " is not served on " + ctx.request().path()));
        router.errorHandler(413, ctx -> ApiError.send(ctx, 413, "request body too large",
                "the limit is " + options.maxBodyBytes() + " bytes"));
        router.errorHandler(500, ctx -> {
            LOG.log(System.Logger.Level.WARNING, "admin: " + ctx.request().method() + " " + ctx.request().path()
                    + " failed", ctx.failure());
            ApiError.send(ctx, 500, "internal error", "see the node's log");
        });
        return router;
    }

    private static void route(Router router, HttpMethod method, String path, Handler<RoutingContext> auth,
            Handler<RoutingContext> handler) {
        router.route(method, path).handler(auth).handler(handler);
    }

    /** The port bound, useful when 0 was asked for. */
    public int port() {
        return server.actualPort();
    }

    /** Every route served, as (method, path), for the documentation check. */
    List<String> routes() {
        return router.getRoutes().stream()
                .filter(r -> r.getPath() != null && r.methods() != null && !r.methods().isEmpty())
                .flatMap(r -> r.methods().stream().map(m -> m.name() + " " + r.getPath()))
                .distinct().sorted().toList();
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(CLOSE_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "admin API did not close cleanly: {0}", e.getMessage());
        }
        deadlines.close();
    }
}
