package dev.meridian.server.querylog;

import dev.meridian.server.dns.Answer;
import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.Transport;
import java.net.InetAddress;

/**
 * What the query thread hands the writer for one query: immutable values it already had, formatted later.
 *
 * @param epochMillis when it was answered
 * @param nanos time the server took to answer it, or -1 when it was not timed
 */
record LoggedQuery(long epochMillis, InetAddress client, ParsedQuery query, Answer answer, Transport transport,
        long nanos) {
}
