package dev.meridian.server.dns;

import dev.meridian.server.health.HealthReport;
import dev.meridian.server.serving.ReloadResult;
import dev.meridian.server.zone.Resolution;
import java.util.ArrayList;
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
 * {@code hostname.bind} give this node's identity, {@code health.meridian} which health snapshot it answers from and
 * {@code config.meridian} which configuration, so {@code dig CH TXT health.meridian @ns} (or {@code config.meridian})
 * against every nameserver shows whether they agree.
 */
final class ServerInfo {
    static final Name ID_SERVER = Name.fromConstantString("id.server.");
    static final Name HOSTNAME_BIND = Name.fromConstantString("hostname.bind.");
    static final Name HEALTH = Name.fromConstantString("health.meridian.");
    static final Name CONFIG = Name.fromConstantString("config.meridian.");
    /** The most a TXT character-string holds. */
    private static final int TXT_STRING = 255;

    private final RRset idServer;
    private final RRset hostnameBind;
    private final Supplier<HealthReport> health;
    private final Supplier<ReloadResult> reload;

    ServerInfo(String identity, Supplier<HealthReport> health, Supplier<ReloadResult> reload) {
        this.idServer = new RRset(new TXTRecord(ID_SERVER, DClass.CH, 0, identity));
        this.hostnameBind = new RRset(new TXTRecord(HOSTNAME_BIND, DClass.CH, 0, identity));
        this.health = health;
        this.reload = reload;
    }

    Resolution answer(Name qname, int qtype) {
        RRset found = qname.equals(ID_SERVER) ? idServer
                : qname.equals(HOSTNAME_BIND) ? hostnameBind
                : qname.equals(HEALTH) ? new RRset(new TXTRecord(HEALTH, DClass.CH, 0, health.get().toText()))
                : qname.equals(CONFIG) ? new RRset(new TXTRecord(CONFIG, DClass.CH, 0, configText(reload.get())))
                : null;
        if (found == null) {
            return Resolution.empty(Rcode.REFUSED);
        }
        if (qtype != Type.TXT && qtype != Type.ANY) {
            return new Resolution(Rcode.NOERROR, true, List.of(), List.of(), List.of());
        }
        return new Resolution(Rcode.NOERROR, true, List.of(found), List.of(), List.of());
    }

    /**
     * {@code "version=<digest> loaded=<time>" "reload=<outcome> at=<time> trigger=<what>" ["error=<file:line: ...>"]}:
     * the configuration serving, then what the last reload did.
     */
    private static List<String> configText(ReloadResult last) {
        List<String> strings = new ArrayList<>(3);
        strings.add("version=" + last.serving().shortDigest() + " loaded=" + last.serving().loadedAt());
        String outcome = last instanceof ReloadResult.Failed ? "failed"
                : last instanceof ReloadResult.Unchanged ? "unchanged" : "ok";
        strings.add("reload=" + outcome + " at=" + last.at() + " trigger=" + last.trigger());
        if (last instanceof ReloadResult.Failed failed) {
            String error = "error=" + failed.error();
            strings.add(error.length() > TXT_STRING ? error.substring(0, TXT_STRING) : error);
        }
        return strings;
    }
}
