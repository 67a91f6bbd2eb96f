package dev.meridian.server.admin;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.geo.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A query to explain, as a resolver would send it: EDNS (1232 bytes), with the client subnet when one is given, from
 * the client's address. Names and addresses are literals only: nothing is looked up.
 *
 * @param message the query
 * @param source the packet's source address
 * @param ecs the client subnet it carries, as given, or {@code null}
 */
public record ExplainQuery(Message message, InetAddress source, String ecs) {
    private static final int PAYLOAD = 1232;

    /**
     * @throws IllegalArgumentException saying what is wrong with the name, type, client or subnet
     */
    public static ExplainQuery of(String name, String type, String client, String ecs) {
        int qtype = Type.value(type.toUpperCase(Locale.ROOT));
        if (qtype < 0) {
            throw new IllegalArgumentException("unknown type '" + type + "'");
        }
        InetAddress source = HostPort.literal(client);
        Cidr subnet = ecs == null ? null : Cidr.parse(ecs);
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), qtype, DClass.IN));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a domain name: " + e.getMessage(), e);
        }
        List<EDNSOption> options = subnet == null ? List.of()
                : List.of(new ClientSubnetOption(subnet.prefixLength(), subnet.address()));
        query.addRecord(new OPTRecord(PAYLOAD, 0, 0, 0, options), Section.ADDITIONAL);
        return new ExplainQuery(query, source, ecs);
    }

    public String name() {
        return message.getQuestion().getName().toString();
    }

    public String type() {
        return Type.string(message.getQuestion().getType());
    }
}
