package dev.meridian.server.admin;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.geo.Cidr;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@code GET /api/v1/explain?name=&type=&client=[&ecs=]}: the answer this node gives a query from {@code client}
 * (optionally carrying the EDNS Client Subnet {@code ecs}) and why. The query goes through the node's own pipeline
 * with a recorder attached, so the explained answer is the one the DNS query gets: the GSLB steps with their
 * candidates in and out, where the client was placed, the health and overlays of every candidate, what bounded the
 * TTL, and the ECS scope.
 */
final class ExplainRoute implements Handler<RoutingContext> {
    static final String PATH = "/api/v1/explain";
    private static final int PAYLOAD = 1232;

    private final AdminNode node;

    ExplainRoute(AdminNode node) {
        this.node = node;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String name = ctx.request().getParam("name");
        String type = ctx.request().getParam("type", "A");
        String client = ctx.request().getParam("client");
        String ecs = ctx.request().getParam("ecs");
        if (name == null || client == null) {
            ApiError.send(ctx, 400, "bad request", "expected ?name=www.example.com&client=192.0.2.1 (&type=A, "
                    + "&ecs=198.51.100.0/24)");
            return;
        }
        Message query;
        InetAddress source;
        Cidr subnet;
        try {
            int qtype = Type.value(type.toUpperCase(java.util.Locale.ROOT));
            if (qtype < 0) {
                throw new IllegalArgumentException("unknown type '" + type + "'");
            }
            source = HostPort.literal(client);
            subnet = ecs == null ? null : Cidr.parse(ecs);
            query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), qtype, DClass.IN));
            List<org.xbill.DNS.EDNSOption> options = subnet == null ? List.of()
                    : List.of(new ClientSubnetOption(subnet.prefixLength(), subnet.address()));
            query.addRecord(new OPTRecord(PAYLOAD, 0, 0, 0, options), Section.ADDITIONAL);
        } catch (TextParseException | IllegalArgumentException e) {
            ApiError.send(ctx, 400, "bad request", e.getMessage());
            return;
        }
        ExplainTrace trace = new ExplainTrace();
        byte[] reply = node.explain(query.toWire(), source, trace);
        JsonObject json = new JsonObject()
                .put("query", new JsonObject().put("name", name).put("type", Type.string(query.getQuestion()
                        .getType())).put("client", source.getHostAddress()).put("ecs", ecs))
                .put("node", node.identity())
                .put("configuration", node.configuration().shortDigest());
        try {
            json.put("answer", answer(new Message(reply)));
        } catch (IOException | RuntimeException e) {
            json.put("answer", new JsonObject().put("error", "no reply: " + e.getMessage()));
        }
        JsonObject why = trace.toJson();
        why.put("candidates", candidates(why));
        json.put("why", why);
        ctx.response().putHeader("content-type", "application/json").end(json.encode());
    }

    private static JsonObject answer(Message reply) {
        JsonArray records = new JsonArray();
        for (Record r : reply.getSection(Section.ANSWER)) {
            records.add(r.toString());
        }
        JsonObject answer = new JsonObject().put("rcode", Rcode.string(reply.getRcode())).put("records", records);
        OPTRecord opt = reply.getOPT();
        if (opt != null) {
            opt.getOptions(org.xbill.DNS.EDNSOption.Code.CLIENT_SUBNET).stream()
                    .map(ClientSubnetOption.class::cast).findFirst()
                    .ifPresent(o -> answer.put("ecsScope", o.getScopePrefixLength()));
        }
        return answer;
    }

    /** The state, weight and overlay of every endpoint any step saw. */
    private JsonArray candidates(JsonObject why) {
        Set<String> seen = why.getJsonArray("gslb").stream().map(JsonObject.class::cast)
                .flatMap(n -> n.getJsonArray("steps").stream().map(JsonObject.class::cast))
                .flatMap(s -> s.getJsonArray("in").stream().map(String::valueOf))
                .collect(Collectors.toSet());
        Overlays overlays = node.overlays().current();
        JsonArray out = new JsonArray();
        StatusRoute.endpoints(node.gslb(), node.table(), overlays, Instant.now()).stream()
                .map(JsonObject.class::cast).filter(e -> seen.contains(e.getString("id"))).forEach(out::add);
        return out;
    }
}
