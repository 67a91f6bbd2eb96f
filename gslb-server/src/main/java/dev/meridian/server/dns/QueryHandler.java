package dev.meridian.server.dns;

import dev.meridian.server.dns.query.QueryCheck;
import dev.meridian.server.dns.query.QueryReader;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.dns.query.WireHeader;
import dev.meridian.server.dns.response.ResponseWriter;
import dev.meridian.server.zone.Resolution;
import dev.meridian.server.zone.ZoneResolver;
import dev.meridian.server.zone.ZoneSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Rcode;

/**
 * One query, bytes in and bytes out: read, resolve against the current zone snapshot, write. It holds no lock and
 * does no I/O, so transports call it straight from their event loop. It never throws on any input.
 */
public final class QueryHandler {
    private static final System.Logger LOG = System.getLogger(QueryHandler.class.getName());
    private final AtomicReference<ZoneSet> zones;
    private final ResponseWriter writer;

    /**
     * @param zones the zone snapshot; a reload swaps in a new one and queries in flight keep the one they started with
     * @param identity the server identity returned as NSID
     */
    public QueryHandler(AtomicReference<ZoneSet> zones, String identity) {
        this.zones = Objects.requireNonNull(zones, "zones");
        this.writer = new ResponseWriter(Objects.requireNonNull(identity, "identity"));
    }

    /** The reply to send, or {@code null} when the packet deserves none. */
    public byte[] handle(byte[] request, Transport transport) {
        try {
            QueryCheck check = QueryReader.read(request, transport);
            if (check instanceof QueryCheck.Accepted accepted) {
                var query = accepted.query();
                Resolution resolution = query.qclass() == DClass.IN
                        ? ZoneResolver.resolve(zones.get(), query.qname(), query.qtype())
                        : Resolution.empty(Rcode.REFUSED);
                return writer.write(query, resolution);
            }
            if (check instanceof QueryCheck.Rejected rejected) {
                return rejected.query() == null
                        ? ResponseWriter.headerOnly(request, rejected.rcode())
                        : writer.reject(rejected.query(), rejected.rcode());
            }
            return null;
        } catch (RuntimeException e) {
            // Defence in depth: a bug here must cost one reply, not the server.
            LOG.log(System.Logger.Level.ERROR, "query handling failed; answered SERVFAIL", e);
            return request.length >= WireHeader.LENGTH ? ResponseWriter.headerOnly(request, Rcode.SERVFAIL) : null;
        }
    }
}
