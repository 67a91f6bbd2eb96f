package dev.meridian.server.dns;

import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.zone.AuthoritativeZone;

/**
 * Told of every answered query once its reply is written: metrics, the query log and explain listen here instead of
 * branching inside a stage. Runs on the query thread: it must count, not block.
 */
public interface QueryObserver {
    /** Observes nothing; the pipeline then does not read the clock either. */
    QueryObserver NONE = (query, source, answer, transport, reply, nanos) -> { };

    /**
     * A query that was read and answered (or, by a stage's decision, not).
     *
     * @param source the address the query came from (the client's resolver)
     * @param answer what was sent, or {@code null} when a stage decided to send nothing
     * @param reply the reply's wire bytes, or {@code null} when nothing was sent
     * @param nanos time from the first byte read to the reply written, for a sample of the queries (every one when
     *        some observer {@link #timesEveryQuery()}); -1 for the rest
     */
    void onQuery(ParsedQuery query, java.net.InetAddress source, Answer answer, Transport transport, byte[] reply,
            long nanos);

    /** Whether this observer needs every query timed, not one in sixteen (the query log writes each one's time). */
    default boolean timesEveryQuery() {
        return false;
    }

    /**
     * Whether this observer needs no more of a query than {@link #onCompiled} gives: when every observer says so,
     * queries may be answered from compiled replies, which have no {@link ParsedQuery} or {@link Answer}.
     */
    default boolean countsOnly() {
        return false;
    }

    /**
     * A query answered from a compiled reply; called only on observers that {@link #countsOnly()}.
     *
     * @param zone the zone that answered
     * @param reply the reply's wire bytes at the start of the array (which may be longer, and is reused once this
     *     returns), or {@code null} when the rate limiter decided to send nothing
     */
    default void onCompiled(int qtype, int rcode, AuthoritativeZone zone, Transport transport, byte[] reply,
            long nanos) {
    }

    /** A query refused before it was resolved: FORMERR, NOTIMP, BADVERS... as {@code rcode}. */
    default void onRejected(Transport transport, int rcode) {
    }

    /** A packet dropped without a reply (too short to answer, or a response). */
    default void onDropped(Transport transport) {
    }

    /** This observer, then {@code next}: both are told of every query. */
    default QueryObserver andThen(QueryObserver next) {
        if (this == NONE) {
            return next;
        }
        return next == NONE ? this : new ObserverPair(this, next);
    }
}
