package dev.meridian.probes.check;

import dev.meridian.probes.plan.CheckSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * HTTP and HTTPS checks, judged the way Route 53 judges them: the status must fall in the spec's range and, if the
 * spec names a text, the text must appear in the first {@value #BODY_SEARCH_LIMIT} bytes of the body.
 *
 * <p>HTTPS checks do <em>not</em> verify the server's certificate or host name, as Route 53 does not: the question
 * is whether the endpoint serves, and an expired or self-signed certificate on an internal health port must not take
 * a region out of DNS. The TLS server name (SNI) is the spec's {@code sni}, else its Host header, else none (an IP
 * address is never sent as SNI). The Host header is the spec's, else the address (with the port if not the
 * default).
 *
 * <p>Every check opens a new connection (no keep-alive), so connecting and the TLS handshake are part of what is
 * checked; redirects are not followed, since a 3xx is an answer, judged by the status range.
 *
 * <p>This uses Vert.x core's {@link HttpClient}, not the WebClient: the WebClient cannot abort an exchange, and its
 * timeouts stop at the response headers, so a server that sends headers and then stalls would keep the connection
 * (and a pool slot) long after the check had timed out.
 */
public final class HttpChecker implements Checker<CheckSpec.Http> {
    /** How much of the body is searched for the expected text, as in Route 53. */
    public static final int BODY_SEARCH_LIMIT = 5120;

    // Without keep-alive the pool only caps connections per server; a check must not queue behind checks of other
    // endpoints that share the server's address.
    private static final int MAX_CONNECTIONS_PER_SERVER = 256;

    private final Vertx vertx;
    private final HttpClient client;

    public HttpChecker(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setTrustAll(true).setVerifyHost(false).setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_SERVER));
    }

    @Override
    public Future<CheckResult> check(CheckSpec.Http spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(timeout, "timeout");
        long started = System.nanoTime();
        String serverName = spec.sni() != null ? spec.sni() : spec.hostHeader();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(spec.method()))
                .setServer(SocketAddress.inetSocketAddress(spec.port(), spec.address()))
                // The request's host is what TLS sends as SNI; the Host header is set on its own below.
                .setHost(spec.tls() && serverName != null ? serverName : spec.address())
                .setPort(spec.port())
                .setSsl(spec.tls())
                .setURI(spec.path())
                .setFollowRedirects(false)
                .setConnectTimeout(Math.max(1, timeout.toMillis()))
                .putHeader(HttpHeaders.HOST, hostHeader(spec))
                .putHeader(HttpHeaders.USER_AGENT, "Meridian-HealthCheck");
        HttpExchange exchange = new HttpExchange(spec, started);
        Future<CheckResult> result = Deadline.bound(vertx, timeout, started, onEventLoop(() -> exchange.run(client,
                options)));
        result.onComplete(done -> exchange.end());
        return result;
    }

    /**
     * Runs {@code exchange} on an event loop. Started there, the connection shares that loop, and each step of the
     * exchange runs as the step before it completes: the body handlers are in place before any of the body arrives.
     * Started from another thread, the response could come to a callback on a second loop only after a short body
     * had already ended, and the exchange would fail on a healthy endpoint.
     */
    private Future<CheckResult> onEventLoop(java.util.function.Supplier<Future<CheckResult>> exchange) {
        Context context = vertx.getOrCreateContext();
        if (Vertx.currentContext() == context && context.isEventLoopContext()) {
            return exchange.get();
        }
        Promise<CheckResult> result = Promise.promise();
        context.runOnContext(v -> exchange.get().onComplete(result));
        return result.future();
    }

    private static String hostHeader(CheckSpec.Http spec) {
        if (spec.hostHeader() != null) {
            return spec.hostHeader();
        }
        String host = spec.address().indexOf(':') >= 0 ? "[" + spec.address() + "]" : spec.address();
        return spec.port() == (spec.tls() ? 443 : 80) ? host : host + ":" + spec.port();
    }

    @Override
    public void close() {
        client.close();
    }
}
