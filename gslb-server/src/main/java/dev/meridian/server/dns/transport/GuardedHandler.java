package dev.meridian.server.dns.transport;

import dev.meridian.server.dns.QueryHandler;
import dev.meridian.server.dns.query.Transport;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The query handler as a UDP reader calls it: a handler never throws nor gives a reply over
 * {@link UdpReader#MAX_REPLY}, but if a bug makes it, that datagram goes unanswered, the reader reads the next, and
 * the failure is logged with its stack at most once a minute, with how many went unlogged. One per reader thread: not
 * thread-safe.
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

    /** The reply to send, or {@code null} for none (the handler's choice, or its failure). */
    byte[] answer(byte[] request, InetAddress source) {
        byte[] reply;
        try {
            reply = handler.handle(request, Transport.UDP, source);
        } catch (RuntimeException | StackOverflowError e) {
            failed(e);
            return null;
        }
        if (reply != null && reply.length > UdpReader.MAX_REPLY) {
            failed(new IllegalStateException("a UDP reply of " + reply.length + " bytes, over "
                    + UdpReader.MAX_REPLY));
            return null;
        }
        return reply;
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
