package dev.meridian.server.dns;

import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.Transport;

/**
 * Told of every answered query once its reply is written: metrics, the query log and explain listen here instead of
 * branching inside a stage. Runs on the event loop: it must count, not block.
 */
@FunctionalInterface
public interface QueryObserver {
    /** Observes nothing; the pipeline then does not read the clock either. */
    QueryObserver NONE = (query, answer, transport, nanos) -> { };

    /**
     * @param answer what was sent, or {@code null} when a stage decided to send nothing
     * @param nanos time from the first byte read to the reply written
     */
    void onQuery(ParsedQuery query, Answer answer, Transport transport, long nanos);
}
