package dev.meridian.server.admin;

import dev.meridian.server.control.Overlays;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.request.HealthTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The JSON of an explained query, the same whether a running node answered it (explain, what-if) or the
 * configuration files alone did ({@code gslb-server what-if}): the query, the reply, and why.
 */
public final class Explanation {
    private Explanation() {
    }

    /**
     * @param reply the reply's wire bytes, or {@code null} when the query got none
     * @param table the health table the reply was computed with, for the candidates' states
     */
    public static JsonObject json(ExplainQuery query, byte[] reply, ExplainTrace trace, GslbNames gslb,
            HealthTable table, Overlays overlays) {
        JsonObject json = new JsonObject().put("query", new JsonObject().put("name", query.name())
                .put("type", query.type()).put("client", query.source().getHostAddress()).put("ecs", query.ecs()));
        try {
            json.put("answer", reply == null ? new JsonObject().put("error", "no reply")
                    : answer(new Message(reply)));
        } catch (IOException e) {
            json.put("answer", new JsonObject().put("error", "unreadable reply: " + e.getMessage()));
        }
        JsonObject why = trace.toJson();
        Set<String> seen = why.getJsonArray("gslb").stream().map(JsonObject.class::cast)
                .flatMap(n -> n.getJsonArray("steps").stream().map(JsonObject.class::cast))
                .flatMap(s -> s.getJsonArray("in").stream().map(String::valueOf))
                .collect(Collectors.toSet());
        JsonArray candidates = new JsonArray();
        StatusRoute.endpoints(gslb, table, overlays, Instant.now()).stream().map(JsonObject.class::cast)
                .filter(e -> seen.contains(e.getString("id"))).forEach(candidates::add);
        why.put("candidates", candidates);
        return json.put("why", why);
    }

    private static JsonObject answer(Message reply) {
        JsonArray records = new JsonArray();
        for (Record r : reply.getSection(Section.ANSWER)) {
            records.add(r.toString());
        }
        JsonObject answer = new JsonObject().put("rcode", Rcode.string(reply.getRcode())).put("records", records);
        OPTRecord opt = reply.getOPT();
        if (opt != null) {
            opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).stream().map(ClientSubnetOption.class::cast).findFirst()
                    .ifPresent(o -> answer.put("ecsScope", o.getScopePrefixLength()));
        }
        return answer;
    }
}
