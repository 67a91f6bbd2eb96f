package dev.meridian.server.dns;

import dev.meridian.probes.health.HealthView;
import dev.meridian.probes.health.LatencyView;
import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.QueryCheck;
import dev.meridian.server.dns.query.QueryReader;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.dns.query.WireHeader;
import dev.meridian.server.dns.response.ResponseWriter;
import dev.meridian.server.geo.GeoLocator;
import dev.meridian.server.health.HealthReport;
import dev.meridian.server.policy.QueryContext;
import dev.meridian.server.zone.Resolution;
import dev.meridian.server.zone.ZoneResolver;
import dev.meridian.server.zone.ZoneSet;
import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Rcode;

/**
 * One query, bytes in and bytes out: read, resolve against the current zone snapshot, write. It holds no lock and
 * does no I/O, so transports call it straight from their event loop. It never throws on any input.
 */
public final class QueryHandler {
    private static final System.Logger LOG = System.getLogger(QueryHandler.class.getName());
    private final AtomicReference<ZoneSet> zones;
    private final GeoLocator geo;
    private final HealthView health;
    private final ResponseWriter writer;
    private final ServerInfo info;

    /**
     * @param zones the zone snapshot; a reload swaps in a new one and queries in flight keep the one they started with
     * @param geo locates clients for GSLB names
     * @param health endpoint health for GSLB names, read from an immutable snapshot
     * @param report which health snapshot this node answers from, for {@code CH TXT health.meridian}
     * @param identity the server identity returned as NSID and for {@code CH TXT id.server}
     */
    public QueryHandler(AtomicReference<ZoneSet> zones, GeoLocator geo, HealthView health,
            Supplier<HealthReport> report, String identity) {
        this.zones = Objects.requireNonNull(zones, "zones");
        this.geo = Objects.requireNonNull(geo, "geo");
        this.health = Objects.requireNonNull(health, "health");
        this.writer = new ResponseWriter(Objects.requireNonNull(identity, "identity"));
        this.info = new ServerInfo(identity, Objects.requireNonNull(report, "report"));
    }

    /**
     * The reply to send, or {@code null} when the packet deserves none.
     *
     * @param source the address the packet came from: the client's location unless the query carries ECS
     */
    public byte[] handle(byte[] request, Transport transport, InetAddress source) {
        try {
            QueryCheck check = QueryReader.read(request, transport);
            if (check instanceof QueryCheck.Accepted accepted) {
                ParsedQuery query = accepted.query();
                if (query.qclass() == DClass.CH) {
                    return writer.write(query, info.answer(query.qname(), query.qtype()), 0);
                }
                if (query.qclass() != DClass.IN) {
                    return writer.write(query, Resolution.empty(Rcode.REFUSED), 0);
                }
                QueryContext context = context(query, source);
                Resolution resolution = ZoneResolver.resolve(zones.get(), query.qname(), query.qtype(), context);
                return writer.write(query, resolution, context.scope());
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

    /** Locates the client by its ECS subnet when there is one with a non-zero source prefix, else by the packet. */
    private QueryContext context(ParsedQuery query, InetAddress source) {
        ClientSubnetOption ecs = query.clientSubnet();
        boolean useSubnet = ecs != null && ecs.getSourcePrefixLength() > 0;
        return new QueryContext(useSubnet ? ecs.getAddress() : source,
                ecs == null ? 0 : ecs.getSourcePrefixLength(), ecs != null, geo, health, LatencyView.NONE);
    }
}
