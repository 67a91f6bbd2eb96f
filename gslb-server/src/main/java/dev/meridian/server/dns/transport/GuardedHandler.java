package dev.meridian.server.dns.transport;

import dev.meridian.server.dns.QueryHandler;
import dev.meridian.server.dns.query.Transport;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The query handler as a UDP reader calls it: a handler never throws nor gives a reply over
 * {@link UdpReader#MAX_REPLY} (the reader's room for one), but if a bug makes it, that datagram goes unanswered, the
 * reader reads the next, and the failure is logged with its stack at most once a minute, with how many went
 * unlogged. One per reader thread: not thread-safe.
 */
final class GuardedHandler {
    private static final System.Logger LOG = System.getLogger(GuardedHandler.class.getName());
    private static final long LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final QueryHandler handler;
    private long failures;
    private long lastLogged;

    GuardedHandler(QueryHandler handler) {
        this.handler = handler;
    }

    /**
     * Writes the reply to the first {@code length} bytes of {@code request} at the start of {@code reply} (room for
     * {@link UdpReader#MAX_REPLY} bytes); returns its length, or {@link QueryHandler#NO_REPLY} for none (the
     * handler's choice, or its failure).
     */
    int answer(byte[] request, int length, InetAddress source, byte[] reply) {
        try {
            return handler.handleInto(request, length, Transport.UDP, source, reply);
        } catch (RuntimeException | StackOverflowError e) {
            failed(e);
            return QueryHandler.NO_REPLY;
        }
    }

    private void failed(Throwable e) {
        failures++;
        long now = System.nanoTime();
        if (failures == 1 || now - lastLogged >= LOG_INTERVAL_NANOS) {
            LOG.log(System.Logger.Level.ERROR, "udp: answering a datagram failed (" + failures + " failure(s) since "
                    + "the last report); the datagram is dropped", e);
            lastLogged = now;
            failures = 0;
        }
    }
}
