package dev.meridian.server.dns;

import dev.meridian.server.health.HealthReport;
import dev.meridian.server.zone.Resolution;
import java.util.List;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Answers about the server itself in the CHAOS class, as BIND, NSD and Knot do: {@code id.server} and
 * {@code hostname.bind} give this node's identity, {@code health.meridian} which health snapshot it answers from, so
 * {@code dig CH TXT health.meridian @ns} against every nameserver shows whether they agree.
 */
final class ServerInfo {
    static final Name ID_SERVER = Name.fromConstantString("id.server.");
    static final Name HOSTNAME_BIND = Name.fromConstantString("hostname.bind.");
    static final Name HEALTH = Name.fromConstantString("health.meridian.");

    private final RRset idServer;
    private final RRset hostnameBind;
    private final Supplier<HealthReport> health;

    ServerInfo(String identity, Supplier<HealthReport> health) {
        this.idServer = new RRset(new TXTRecord(ID_SERVER, DClass.CH, 0, identity));
        this.hostnameBind = new RRset(new TXTRecord(HOSTNAME_BIND, DClass.CH, 0, identity));
        this.health = health;
    }

    Resolution answer(Name qname, int qtype) {
        RRset found = qname.equals(ID_SERVER) ? idServer
                : qname.equals(HOSTNAME_BIND) ? hostnameBind
                : qname.equals(HEALTH) ? new RRset(new TXTRecord(HEALTH, DClass.CH, 0, health.get().toText()))
                : null;
        if (found == null) {
            return Resolution.empty(Rcode.REFUSED);
        }
        if (qtype != Type.TXT && qtype != Type.ANY) {
            return new Resolution(Rcode.NOERROR, true, List.of(), List.of(), List.of());
        }
        return new Resolution(Rcode.NOERROR, true, List.of(found), List.of(), List.of());
    }
}
