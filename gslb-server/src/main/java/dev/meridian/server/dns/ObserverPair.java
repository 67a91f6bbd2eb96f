package dev.meridian.server.dns;

import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.zone.AuthoritativeZone;
import java.net.InetAddress;

/** Two observers told of every query in turn, such as the metrics and the query log. */
record ObserverPair(QueryObserver first, QueryObserver second) implements QueryObserver {
    @Override
    public void onQuery(ParsedQuery query, InetAddress source, Answer answer, Transport transport, byte[] reply,
            long nanos) {
        first.onQuery(query, source, answer, transport, reply, nanos);
        second.onQuery(query, source, answer, transport, reply, nanos);
    }

    @Override
    public boolean timesEveryQuery() {
        return first.timesEveryQuery() || second.timesEveryQuery();
    }

    @Override
    public boolean countsOnly() {
        return first.countsOnly() && second.countsOnly();
    }

    @Override
    public void onCompiled(int qtype, int rcode, AuthoritativeZone zone, Transport transport, byte[] reply,
            long nanos) {
        first.onCompiled(qtype, rcode, zone, transport, reply, nanos);
        second.onCompiled(qtype, rcode, zone, transport, reply, nanos);
    }

    @Override
    public void onRejected(Transport transport, int rcode) {
        first.onRejected(transport, rcode);
        second.onRejected(transport, rcode);
    }

    @Override
    public void onDropped(Transport transport) {
        first.onDropped(transport);
        second.onDropped(transport);
    }
}
