package dev.meridian.server.ctl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gslb-server ctl}: status, events, drain, undrain, weight, force, unforce, overlays, reload, anycast and explain over
 * a node's admin API. A target is a region ({@code eu-west}) or an endpoint ({@code eu-west/lb}).
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
        description = "Operate a running node through its admin API. Exit status: 0 done, 1 refused, 2 error.")
public final class CtlCommand implements Callable<Integer> {
    static final int DONE = 0;
    static final int REFUSED = 1;
    static final int ERROR = 2;
    private static final String TOKEN_ENV = "MERIDIAN_ADMIN_TOKEN";

    @Option(names = "--admin", paramLabel = "URL", defaultValue = "http://127.0.0.1:8053",
            description = "The node's admin API (default: ${DEFAULT-VALUE}).")
    URI admin;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the admin token (default: the " + TOKEN_ENV + " environment variable).")
    Path tokenFile;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ERROR;
    }

    @Command(name = "status", description = "This node: configuration, health, and every endpoint's state.")
    int status() {
        return run("GET", "/api/v1/status", null, body -> {
            JsonObject node = body.getJsonObject("node");
            JsonObject config = node.getJsonObject("configuration");
            JsonObject health = node.getJsonObject("health");
            JsonObject reload = node.getJsonObject("lastReload");
            out().printf("node %s  configuration %s (loaded %s)%n", node.getString("identity"),
                    config.getString("short"), config.getString("loadedAt"));
            out().printf("health %s  digest %s  %d endpoint(s), %d down, %d stale%n", health.getString("state"),
                    health.getString("digest"), health.getInteger("endpoints"), health.getInteger("down"),
                    health.getLong("stale"));
            out().printf("last reload %s (%s) at %s%s%n", reload.getString("outcome"), reload.getString("trigger"),
                    reload.getString("at"), reload.containsKey("error") ? ": " + reload.getString("error") : "");
            Table table = new Table("ENDPOINT", "REGION", "STATE", "WEIGHT", "CONFIGURED");
            for (JsonObject e : objects(node.getJsonArray("endpoints"))) {
                String state = e.getString("state");
                if (e.containsKey("share")) {
                    state += " " + Math.round(e.getDouble("share") * 100) + "%";
                }
                table.row(e.getString("id"), e.getString("region"), state,
                        String.valueOf(e.getInteger("weight")), String.valueOf(e.getInteger("configuredWeight")));
            }
            table.print(out());
            printDnssec(node.getJsonArray("dnssec", new JsonArray()));
        });
    }

    /** Each signed zone's keys with their state now, then the DS records to give the parent. */
    private void printDnssec(JsonArray zones) {
        for (JsonObject zone : objects(zones)) {
            out().printf("%ndnssec %s%n", zone.getString("zone"));
            Table keys = new Table("TAG", "ROLE", "ALGORITHM", "STATE", "ACTIVATE", "INACTIVE", "DELETE");
            for (JsonObject key : objects(zone.getJsonArray("keys"))) {
                keys.row(String.valueOf(key.getInteger("tag")), key.getString("role"),
                        String.valueOf(key.getInteger("algorithm")), key.getString("state"),
                        key.getString("activate", "-"), key.getString("inactive", "-"), key.getString("delete", "-"));
            }
            keys.print(out());
            for (String ds : strings(zone.getJsonArray("ds"))) {
                out().printf("DS %s%n", ds);
            }
        }
    }

    @Command(name = "events", description = "Failover events, newest first.")
    int events(@Option(names = "--limit", defaultValue = "50", description = "How many (default: 50).") int limit,
            @Option(names = "--offset", defaultValue = "0", description = "How many newer ones to skip.") int offset) {
        return run("GET", "/api/v1/events?limit=" + limit + "&offset=" + offset, null, body -> {
            Table table = new Table("AT", "SUBJECT", "FROM", "TO", "DOWN VANTAGES", "REASON");
            for (JsonObject e : objects(body.getJsonArray("events"))) {
                table.row(e.getString("at"), e.getString("subject"), e.getString("from"), e.getString("to"),
                        String.join(",", strings(e.getJsonArray("downVantages"))), e.getString("reason"));
            }
            table.print(out());
        });
    }

    @Command(name = "audit", description = "Changes made through the API on any node, newest first.")
    int audit(@Option(names = "--limit", defaultValue = "50", description = "How many (default: 50).") int limit,
            @Option(names = "--offset", defaultValue = "0", description = "How many newer ones to skip.") int offset) {
        return run("GET", "/api/v1/audit?limit=" + limit + "&offset=" + offset, null, body -> {
            Table table = new Table("AT", "NODE", "TOKEN", "ACTION", "BEFORE", "AFTER", "OUTCOME");
            for (JsonObject c : objects(body.getJsonArray("changes"))) {
                table.row(c.getString("at"), c.getString("node"), c.getString("token"), c.getString("action"),
                        c.getString("before"), c.getString("after"), c.getString("outcome"));
            }
            table.print(out());
        });
    }

    @Command(name = "overlays", description = "Every operator change in force.")
    int overlays() {
        return run("GET", "/api/v1/overlays", null, body -> {
            Table table = new Table("TARGET", "DRAINED", "WEIGHT", "FORCED", "UNTIL", "BY", "AT");
            for (JsonObject o : objects(body.getJsonArray("overlays"))) {
                table.row(o.getString("target"), o.getString("drainedAt", "-"), o.containsKey("weight")
                                ? String.valueOf(o.getInteger("weight")) : "-", o.getString("forced", "-"),
                        o.getString("forcedUntil", "-"), o.getString("by"), o.getString("at"));
            }
            table.print(out());
        });
    }

    @Command(name = "drain", description = "Stop answering a region or endpoint; --wait until no resolver holds it.")
    int drain(@Parameters(paramLabel = "TARGET") String target,
            @Option(names = "--wait", description = "Wait until every endpoint of the target is drained.")
            boolean wait,
            @Option(names = "--timeout", defaultValue = "10m", description = "How long --wait waits (default: 10m).")
            String timeout) {
        int status = change("POST", target, "/drain", null);
        if (status != DONE || !wait) {
            return status;
        }
        return waitDrained(target, dev.meridian.probes.config.Durations.parse(timeout));
    }

    @Command(name = "undrain", description = "Answer a drained region or endpoint again, with a slow start.")
    int undrain(@Parameters(paramLabel = "TARGET") String target,
            @Option(names = "--slow-start", paramLabel = "DURATION",
                    description = "Ramp up over this (default: the policy's slow-start; 0s for at once).")
            String slowStart) {
        return change("DELETE", target, "/drain", slowStart == null ? null
                : new JsonObject().put("slow-start", slowStart));
    }

    @Command(name = "slow-start", description = "Ramp a region or endpoint up from nothing over DURATION, from now.")
    int slowStart(@Parameters(paramLabel = "TARGET") String target,
            @Parameters(paramLabel = "DURATION") String duration) {
        return change("POST", target, "/slow-start", new JsonObject().put("duration", duration));
    }

    @Command(name = "weight", description = "Set the weight weighted and hash steps use; --clear for the configured one.")
    int weight(@Parameters(paramLabel = "TARGET") String target,
            @Parameters(paramLabel = "WEIGHT", arity = "0..1") Integer weight,
            @Option(names = "--clear", description = "Back to the configured weight.") boolean clear) {
        if (clear == (weight != null)) {
            err().println("error: give a WEIGHT or --clear");
            return ERROR;
        }
        return clear ? change("DELETE", target, "/weight", null)
                : change("PUT", target, "/weight", new JsonObject().put("weight", weight));
    }

    @Command(name = "force", description = "Force a region or endpoint up or down, whatever health says.")
    int force(@Parameters(paramLabel = "TARGET") String target,
            @Parameters(paramLabel = "up|down") String state,
            @Option(names = "--until", paramLabel = "TIME", description = "When it ends by itself (RFC 3339).")
            Instant until) {
        JsonObject body = new JsonObject().put("state", state.toLowerCase(Locale.ROOT));
        if (until != null) {
            body.put("until", until.toString());
        }
        return change("PUT", target, "/force", body);
    }

    @Command(name = "unforce", description = "End a forced state; health decides again.")
    int unforce(@Parameters(paramLabel = "TARGET") String target) {
        return change("DELETE", target, "/force", null);
    }

    @Command(name = "reload", description = "Reload every zone, policy, GeoIP and configuration file.")
    int reload() {
        return run("POST", "/api/v1/reload", null, body -> {
            JsonObject result = body.getJsonObject("result");
            out().printf("reload %s: configuration %s%n", result.getString("outcome"),
                    result.getJsonObject("serving").getString("short"));
        });
    }

    /** What {@code ctl anycast} does. */
    enum AnycastAction { status, withdraw, announce }

    @Command(name = "anycast", description = "This node's BGP announcement: status, or withdraw and announce by hand "
            + "(kept across restarts).")
    int anycast(@Parameters(paramLabel = "status|withdraw|announce", defaultValue = "status") AnycastAction action) {
        String path = action == AnycastAction.status ? "/api/v1/anycast" : "/api/v1/anycast/" + action;
        return run(action == AnycastAction.status ? "GET" : "POST", path, null, body -> {
            out().printf("anycast %s since %s: %s%n", body.getString("state"), body.getString("since"),
                    body.getString("reason"));
            if (body.getString("manual") != null) {
                out().printf("withdrawn by hand by %s%n", body.getString("manual"));
            }
            out().printf("prefixes %s (%s)%n", String.join(" ", strings(body.getJsonArray("prefixes"))),
                    body.getBoolean("announced") ? "announced" : "not announced");
            JsonObject sample = body.getJsonObject("lastSample");
            if (sample != null) {
                out().printf("last sample %s: %s%n", sample.getString("readiness"), sample.getString("reason"));
            }
        });
    }

    @Command(name = "explain", description = "The answer this node gives a query, and why.")
    int explain(@Parameters(paramLabel = "NAME") String name,
            @Parameters(paramLabel = "TYPE", arity = "0..1", defaultValue = "A") String type,
            @Option(names = "--client", required = true, paramLabel = "ADDRESS",
                    description = "The query's source address.") String client,
            @Option(names = "--ecs", paramLabel = "SUBNET", description = "An EDNS Client Subnet it carries.")
            String ecs) {
        String path = "/api/v1/explain?name=" + encode(name) + "&type=" + encode(type) + "&client=" + encode(client)
                + (ecs == null ? "" : "&ecs=" + encode(ecs));
        return run("GET", path, null, body -> ExplainText.print(body, out()));
    }

    @Command(name = "what-if", description = "The answer this node would give a query if targets were down, drained "
            + "or reweighted; nothing changes.")
    int whatIf(@Parameters(paramLabel = "NAME") String name,
            @Parameters(paramLabel = "TYPE", arity = "0..1", defaultValue = "A") String type,
            @Option(names = "--client", required = true, paramLabel = "ADDRESS",
                    description = "The query's source address.") String client,
            @Option(names = "--ecs", paramLabel = "SUBNET", description = "An EDNS Client Subnet it carries.")
            String ecs,
            @Option(names = "--down", paramLabel = "TARGET", split = ",", description = "Assume it down.")
            List<String> down,
            @Option(names = "--drain", paramLabel = "TARGET", split = ",", description = "Assume it drained.")
            List<String> drain,
            @Option(names = "--weight", paramLabel = "TARGET=WEIGHT", split = ",", description = "Assume a weight.")
            List<String> weight,
            @Option(names = "--policy", paramLabel = "FILE", description = "Try this policy file for the name's zone "
                    + "(takes a writer's token).") Path policy) {
        StringBuilder path = new StringBuilder("/api/v1/what-if?name=" + encode(name) + "&type=" + encode(type)
                + "&client=" + encode(client) + (ecs == null ? "" : "&ecs=" + encode(ecs)));
        for (String d : down == null ? List.<String>of() : down) {
            path.append("&down=").append(encode(d));
        }
        for (String d : drain == null ? List.<String>of() : drain) {
            path.append("&drain=").append(encode(d));
        }
        for (String w : weight == null ? List.<String>of() : weight) {
            path.append("&weight=").append(encode(w));
        }
        if (policy == null) {
            return run("GET", path.toString(), null, body -> ExplainText.print(body, out()));
        }
        String file;
        try {
            file = Files.readString(policy);
        } catch (IOException e) {
            err().println("error: cannot read " + policy + ": " + e.getMessage());
            return ERROR;
        }
        return run(api -> api.send("POST", path.toString(), "application/yaml", file),
                body -> ExplainText.print(body, out()));
    }

    private int waitDrained(String target, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            AdminClient.Reply reply;
            try {
                reply = client().send("GET", "/api/v1/status", null);
            } catch (AdminClient.Unreachable | IOException e) {
                err().println("error: " + e.getMessage());
                return ERROR;
            }
            if (!reply.ok()) {
                err().println("refused: " + reply.problem());
                return REFUSED;
            }
            List<JsonObject> endpoints = objects(reply.body().getJsonObject("node").getJsonArray("endpoints"))
                    .stream().filter(e -> e.getString("id").equals(target) || e.getString("region").equals(target))
                    .toList();
            if (!endpoints.isEmpty() && endpoints.stream().allMatch(e -> e.getString("state").equals("drained"))) {
                out().println(target + " drained");
                return DONE;
            }
            if (Instant.now().isAfter(deadline)) {
                err().println("error: " + target + " not drained within " + timeout);
                return ERROR;
            }
            try {
                Thread.sleep(Math.min(1000, Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ERROR;
            }
        }
    }

    private int change(String method, String target, String what, JsonObject body) {
        String[] parts = target.split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty() || parts.length == 2 && parts[1].isEmpty()) {
            err().println("error: a target is a region (eu-west) or an endpoint (eu-west/lb), got '" + target + "'");
            return ERROR;
        }
        String path = parts.length == 1 ? "/api/v1/regions/" + encode(parts[0])
                : "/api/v1/endpoints/" + encode(parts[0]) + "/" + encode(parts[1]);
        return run(method, path + what, body, reply -> {
            JsonObject overlay = reply.getJsonObject("overlay");
            out().println(reply.getString("target") + ": " + (overlay == null ? "as configured" : describe(overlay)));
        });
    }

    private static String describe(JsonObject overlay) {
        StringBuilder text = new StringBuilder();
        if (overlay.containsKey("drainedAt")) {
            text.append("drained since ").append(overlay.getString("drainedAt")).append("; ");
        }
        if (overlay.containsKey("weight")) {
            text.append("weight ").append(overlay.getInteger("weight")).append("; ");
        }
        if (overlay.containsKey("slowStartUntil")) {
            text.append("slow start until ").append(overlay.getString("slowStartUntil")).append("; ");
        }
        if (overlay.containsKey("forced")) {
            text.append("forced ").append(overlay.getString("forced"));
            if (overlay.containsKey("forcedUntil")) {
                text.append(" until ").append(overlay.getString("forcedUntil"));
            }
            text.append("; ");
        }
        return text.append("by ").append(overlay.getString("by")).toString();
    }

    /** A human view of a successful reply. */
    @FunctionalInterface
    private interface Printer {
        void print(JsonObject body);
    }

    private int run(String method, String path, JsonObject body, Printer printer) {
        return run(client -> client.send(method, path, body), printer);
    }

    /** One request to the admin API: how it is sent. */
    private interface Request {
        AdminClient.Reply send(AdminClient client) throws AdminClient.Unreachable;
    }

    private int run(Request request, Printer printer) {
        AdminClient.Reply reply;
        try {
            reply = request.send(client());
        } catch (AdminClient.Unreachable | IOException e) {
            err().println("error: " + e.getMessage());
            return ERROR;
        }
        if (json) {
            out().println(reply.body().encodePrettily());
        } else if (reply.ok()) {
            printer.print(reply.body());
        }
        if (!reply.ok()) {
            err().println("refused: " + reply.problem());
            return reply.status() >= 500 ? ERROR : REFUSED;
        }
        return DONE;
    }

    private AdminClient client() throws IOException {
        String token = tokenFile != null ? Files.readString(tokenFile).strip() : System.getenv(TOKEN_ENV);
        return new AdminClient(admin, token);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<JsonObject> objects(JsonArray array) {
        return array == null ? List.of() : array.stream().map(JsonObject.class::cast).toList();
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }
}
