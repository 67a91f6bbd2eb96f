package dev.meridian.server.admin;

import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that take too long to send a request. An idle timeout alone does not do it: each byte a slow
 * client dribbles resets it, so one connection could be held for ever. Instead each connection has a deadline for a
 * request's headers (from connecting, or from the previous response) and then for its body; the clock is not reset
 * by bytes arriving. A response that takes long to compute (a reload) is not limited. The deadlines run on their own
 * timer thread: {@link HttpConnection#close()} may be called from any thread.
 */
final class RequestDeadlines implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RequestDeadlines.class.getName());

    private final long headerMillis;
    private final long bodyMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "admin-deadlines");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<HttpConnection, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();

    RequestDeadlines(Duration header, Duration body) {
        this.headerMillis = Math.max(1, header.toMillis());
        this.bodyMillis = Math.max(1, body.toMillis());
    }

    /** A new connection: its first request's headers must arrive within the header deadline. */
    void connected(HttpConnection connection) {
        arm(connection, headerMillis, "headers");
    }

    /** The first handler of every request: headers are in, the body's deadline starts. */
    void headersReceived(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        arm(connection, bodyMillis, "body");
        ctx.addEndHandler(done -> {
            if (!ctx.response().closed()) {
                arm(connection, headerMillis, "headers");
            } else {
                disarm(connection);
            }
        });
        ctx.next();
    }

    /** After the body is read: whatever the route takes from here is not the client's doing. */
    void bodyReceived(RoutingContext ctx) {
        disarm(ctx.request().connection());
        ctx.next();
    }

    private void arm(HttpConnection connection, long millis, String what) {
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        synchronized (self) {
            self[0] = timer.schedule(() -> {
                synchronized (self) {
                    if (deadlines.remove(connection, self[0])) {
                        LOG.log(System.Logger.Level.INFO, "admin: closing a connection from {0} that did not send "
                                + "its request {1} within {2,number,#} ms", connection.remoteAddress(), what, millis);
                        connection.close();
                    }
                }
            }, millis, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> previous = deadlines.put(connection, self[0]);
            if (previous != null) {
                previous.cancel(false);
            }
        }
    }

    private void disarm(HttpConnection connection) {
        ScheduledFuture<?> deadline = deadlines.remove(connection);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        deadlines.clear();
    }
}
