package dev.meridian.server.dns.transport;

import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.dns.QueryHandler;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The open TCP connections of one event loop, least recently active first. It enforces the connection limit (a new
 * client displaces the connection that has been quiet longest, as Knot does) and closes idle connections and
 * connections stuck on a half-sent message. All calls come from one event loop, so nothing here is synchronised.
 */
final class TcpConnections {
    private final TcpLimits limits;
    private final QueryHandler handler;
    private final LongSupplier clock;
    private final LinkedHashSet<TcpConnection> byActivity = new LinkedHashSet<>();

    TcpConnections(TcpLimits limits, QueryHandler handler, LongSupplier clock) {
        this.limits = limits;
        this.handler = handler;
        this.clock = clock;
    }

    void accept(NetSocket socket) {
        while (byActivity.size() >= limits.maxConnections()) {
            Iterator<TcpConnection> oldest = byActivity.iterator();
            TcpConnection displaced = oldest.next();
            oldest.remove();
            displaced.close();
        }
        TcpConnection connection = new TcpConnection(socket, handler, clock.getAsLong());
        byActivity.add(connection);
        socket.handler(chunk -> {
            if (!byActivity.contains(connection)) {
                return;
            }
            byActivity.remove(connection);
            if (connection.onData(chunk, clock.getAsLong())) {
                byActivity.add(connection);
            } else {
                connection.close();
            }
        });
        socket.closeHandler(v -> byActivity.remove(connection));
        socket.exceptionHandler(e -> connection.close());
    }

    /** Closes connections idle longer than the idle timeout or holding a partial message past the message timeout. */
    void sweep() {
        long now = clock.getAsLong();
        long idle = limits.idleTimeout().toNanos();
        long message = limits.messageTimeout().toNanos();
        List<TcpConnection> expired = new ArrayList<>();
        for (TcpConnection c : byActivity) {
            boolean stalled = c.partialSinceNanos() != TcpConnection.NONE && now - c.partialSinceNanos() > message;
            if (stalled || now - c.lastActivityNanos() > idle) {
                expired.add(c);
            }
        }
        for (TcpConnection c : expired) {
            byActivity.remove(c);
            c.close();
        }
    }
}
