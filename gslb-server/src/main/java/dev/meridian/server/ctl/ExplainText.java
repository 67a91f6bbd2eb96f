package dev.meridian.server.ctl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;

/** An explained answer (explain, what-if) as people read it: the answer, where the client is, and each step. */
public final class ExplainText {
    private ExplainText() {
    }

    /** Prints the JSON of {@code dev.meridian.server.admin.Explanation}. */
    public static void print(JsonObject body, PrintWriter out) {
        JsonObject query = body.getJsonObject("query");
        JsonObject answer = body.getJsonObject("answer");
        String ecs = query.getString("ecs");
        out.printf("%s %s from %s%s: %s%s%n", query.getString("name"), query.getString("type"),
                query.getString("client"), ecs == null ? "" : " ecs " + ecs, answer.getString("rcode", "-"),
                answer.containsKey("ecsScope") ? " (ECS scope /" + answer.getInteger("ecsScope") + ")" : "");
        strings(answer.getJsonArray("records")).forEach(r -> out.println("  " + r));
        if (body.containsKey("assumed")) {
            out.println("assuming " + body.getJsonObject("assumed").encode());
        }
        JsonObject why = body.getJsonObject("why");
        if (why.containsKey("location")) {
            JsonObject l = why.getJsonObject("location");
            out.printf("client placed in %s %s %s (GeoIP network %s)%n", l.getString("continent", "-"),
                    l.getString("country", "-"), l.getString("subdivision", "-"), l.getString("network"));
        }
        if (why.getString("zone") != null) {
            out.println("zone " + why.getString("zone"));
        }
        for (JsonObject n : objects(why.getJsonArray("gslb"))) {
            out.printf("%s (ttl %d, all down: %s)%n", n.getString("name"), n.getLong("ttl"), n.getString("allDown"));
            for (JsonObject s : objects(n.getJsonArray("steps"))) {
                out.printf("  %-12s %s -> %s%s%n", s.getString("step"), strings(s.getJsonArray("in")),
                        strings(s.getJsonArray("out")), s.getInteger("scope") > 0
                                ? "  (looked at /" + s.getInteger("scope") + ")" : "");
                if (s.getString("reason") != null) {
                    out.println("               " + s.getString("reason"));
                }
            }
            if (n.containsKey("allDownAnswered")) {
                out.println("  every candidate down: answered by " + n.getString("allDownAnswered"));
            }
            for (JsonObject b : objects(n.getJsonArray("ttlBounds"))) {
                out.printf("  ttl bounded to %ds by %s%n", b.getLong("seconds"), b.getString("endpoint"));
            }
            out.println("  ttl: " + n.getString("ttlReason"));
            out.println("  ECS scope: " + n.getString("scopeReason"));
        }
        for (JsonObject c : objects(why.getJsonArray("candidates"))) {
            out.printf("  %-16s %-12s weight %d%n", c.getString("id"), c.getString("state"), c.getInteger("weight"));
        }
        out.flush();
    }

    private static List<JsonObject> objects(JsonArray array) {
        return array == null ? List.of() : array.stream().map(JsonObject.class::cast).toList();
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }
}
