package dev.meridian.server.anycast;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.DClass;
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
 * Blocking, with a timeout; run by the announcer's own thread, never an event loop.
 */
final class SelfCheck {
    private final InetSocketAddress address;
    private final Name name;
    private final int type;
    private final Duration timeout;

    SelfCheck(InetSocketAddress address, Name name, int type, Duration timeout) {
        this.address = address;
        this.name = name;
        this.type = type;
        this.timeout = timeout;
    }

    /** {@code null} when the answer is right, else what was wrong. */
    String ask(boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(address);
        resolver.setTCP(tcp);
        resolver.setTimeout(timeout);
        try {
            Message reply = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            if (reply.getRcode() != Rcode.NOERROR) {
                return Rcode.string(reply.getRcode()) + " for " + name + " " + Type.string(type);
            }
            boolean answered = reply.getSection(Section.ANSWER).stream().anyMatch(r -> r.getType() == type);
            return answered ? null : "no " + Type.string(type) + " answer for " + name;
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
