package dev.meridian.server.admin;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The status page: a few fixed files shipped in the jar under {@code status-page/}, read once into memory and served
 * with their content types and headers that keep the page to its own origin (no script, style, image or connection
 * from anywhere else, no framing). The files hold no data: the page asks the JSON API for it, with the operator's
 * token when one is needed, so serving them needs none. Fixed routes, not a static-file handler, because the set is
 * known at build time and nothing is looked up on disk per request.
 */
final class StatusPage {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** One file of the page: the route that serves it, the resource it is read from, and its content type. */
    record Asset(String path, String resource, String contentType, Buffer body) {
    }

    static final List<Asset> ASSETS = List.of(
            asset("/", "index.html", "text/html; charset=utf-8"),
            asset("/status.css", "status.css", "text/css; charset=utf-8"),
            asset("/status.js", "status.js", "text/javascript; charset=utf-8"),
            asset("/world.svg", "world.svg", "image/svg+xml"));

    private StatusPage() {
    }

    /** Serves one asset with the page's headers. */
    static Handler<RoutingContext> serve(Asset asset) {
        return ctx -> ctx.response()
                .putHeader("content-type", asset.contentType())
                .putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("x-frame-options", "DENY")
                .putHeader("referrer-policy", "no-referrer")
                // A new jar may change any file: the browser asks again rather than mix versions.
                .putHeader("cache-control", "no-cache")
                .end(asset.body());
    }

    private static Asset asset(String path, String file, String contentType) {
        String resource = "status-page/" + file;
        try (InputStream in = StatusPage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return new Asset(path, resource, contentType, Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
