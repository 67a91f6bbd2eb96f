package dev.meridian.server.querylog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One query as a JSON line: {@code time}, {@code client}, {@code ecs}, {@code qname}, {@code qtype}, {@code rcode},
 * {@code answer} (type and data of each answer record), {@code region}, {@code scope}, {@code micros},
 * {@code transport}. Absent facts are {@code null}, so every line has every field.
 */
final class QueryLogLine {
    private QueryLogLine() {
    }

    static String format(LoggedQuery q, Regions regions) {
        ClientSubnetOption ecs = q.query().clientSubnet();
        JsonArray answer = new JsonArray();
        Record first = null;
        int rcode = Rcode.NOERROR;
        Integer scope = null;
        if (q.answer() != null) {
            rcode = q.answer().resolution().rcode();
            scope = ecs == null ? null : q.answer().scope();
            for (RRset set : q.answer().resolution().answer()) {
                for (Record r : set.rrs()) {
                    first = first == null ? r : first;
                    answer.add(Type.string(r.getType()) + " " + r.rdataToString());
                }
            }
        }
        return new JsonObject()
                .put("time", Instant.ofEpochMilli(q.epochMillis()).toString())
                .put("client", q.client() == null ? null : q.client().getHostAddress())
                .put("ecs", ecs == null ? null : ecs.getAddress().getHostAddress() + "/" + ecs.getSourcePrefixLength())
                .put("qname", q.query().qname().toString())
                .put("qtype", Type.string(q.query().qtype()))
                .put("rcode", q.answer() == null ? null : Rcode.string(rcode))
                .put("answer", answer)
                .put("region", regions == null ? null : regions.of(q.query().qname(), first))
                .put("scope", scope)
                .put("micros", q.nanos() < 0 ? null : q.nanos() / 1000)
                .put("transport", q.transport().name().toLowerCase(java.util.Locale.ROOT))
                .encode();
    }
}
