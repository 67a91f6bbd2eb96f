package dev.meridian.server.anycast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The node asks itself for the canary name on its service address, as a client routed to this site would: a
 * listener that is bound but stuck, an address that went missing, or a zone that no longer has the name all fail it.
 * The reply must carry this node's own NSID: once the address is gone from this host, the query is routed to the
 * nearest other site, which answers it perfectly well. Blocking, with a timeout; run by the announcer's own thread,
 * never an event loop.
 */
final class SelfCheck {
    private final InetSocketAddress address;
    private final Name name;
    private final int type;
    private final Duration timeout;
    private final byte[] identity;

    SelfCheck(InetSocketAddress address, Name name, int type, Duration timeout, String identity) {
        this.address = address;
        this.name = name;
        this.type = type;
        this.timeout = timeout;
        this.identity = identity.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code null} when the answer is right, else what was wrong. */
    String ask(boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(address);
        resolver.setTCP(tcp);
        resolver.setTimeout(timeout);
        try {
            Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
            query.addRecord(new OPTRecord(1232, 0, 0, 0,
                    List.of(new GenericEDNSOption(EDNSOption.Code.NSID, new byte[0]))), Section.ADDITIONAL);
            Message reply = resolver.send(query);
            String from = nsid(reply);
            if (!Arrays.equals(identity, from == null ? null : from.getBytes(StandardCharsets.UTF_8))) {
                return "answered by " + (from == null ? "a server without NSID" : "'" + from + "'")
                        + ", not this node";
            }
            if (reply.getRcode() != Rcode.NOERROR) {
                return Rcode.string(reply.getRcode()) + " for " + name + " " + Type.string(type);
            }
            boolean answered = reply.getSection(Section.ANSWER).stream().anyMatch(r -> r.getType() == type);
            return answered ? null : "no " + Type.string(type) + " answer for " + name;
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private static String nsid(Message reply) {
        OPTRecord opt = reply.getOPT();
        if (opt == null) {
            return null;
        }
        // The option's wire form is code, length, then the data.
        return opt.getOptions(EDNSOption.Code.NSID).stream().findFirst().map(EDNSOption::toWire)
                .map(wire -> new String(wire, 4, wire.length - 4, StandardCharsets.UTF_8)).orElse(null);
    }
}
