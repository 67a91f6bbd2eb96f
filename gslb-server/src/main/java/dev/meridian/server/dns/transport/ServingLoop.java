package dev.meridian.server.dns.transport;

import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.dns.QueryHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One event loop that serves DNS: a Vert.x context pinned to it, where its sockets are registered, and the TCP
 * connections it was dealt, swept on the same loop so they are never touched from two threads.
 */
final class ServingLoop {
    private final Vertx vertx;
    private final ContextInternal context;
    private final TcpConnections connections;
    private final long sweepTimer;

    private ServingLoop(Vertx vertx, ContextInternal context, TcpLimits limits, QueryHandler handler) {
        this.vertx = vertx;
        this.context = context;
        this.connections = new TcpConnections(limits, handler, System::nanoTime);
        long sweepMillis = Math.max(100, Math.min(limits.idleTimeout().toMillis(),
                limits.messageTimeout().toMillis()) / 4);
        this.sweepTimer = context.setPeriodic(sweepMillis, id -> connections.sweep());
    }

    /**
     * The first {@code count} event loops of Vert.x, each a distinct thread (Vert.x's own round robin would hand out
     * the same loop twice once anything else had taken one), each with its share of the TCP connection limit.
     */
    static List<ServingLoop> first(Vertx vertx, int count, TcpLimits limits, QueryHandler handler) {
        VertxInternal internal = (VertxInternal) vertx;
        List<ServingLoop> loops = new ArrayList<>(count);
        TcpLimits share = limits.perLoop(count);
        for (EventExecutor executor : internal.nettyEventLoopGroup()) {
            if (loops.size() == count) {
                break;
            }
            ContextInternal context = internal.contextBuilder().withEventLoop((EventLoop) executor).build();
            loops.add(new ServingLoop(vertx, context, share, handler));
        }
        if (loops.size() < count) {
            loops.forEach(ServingLoop::close);
            throw new IllegalStateException(count + " event loops were asked for but Vert.x runs " + loops.size());
        }
        return loops;
    }

    ContextInternal context() {
        return context;
    }

    TcpConnections connections() {
        return connections;
    }

    /** Runs {@code action} on this loop, so what it creates (a Vert.x server) belongs to this loop. */
    <T> Future<T> run(Supplier<Future<T>> action) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> {
            try {
                action.get().onComplete(done);
            } catch (RuntimeException e) {
                done.fail(e);
            }
        });
        return done.future();
    }

    /** Stops sweeping; the sockets are closed by whoever bound them. */
    void close() {
        vertx.cancelTimer(sweepTimer);
    }
}
