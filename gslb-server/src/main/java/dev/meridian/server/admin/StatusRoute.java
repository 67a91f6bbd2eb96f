package dev.meridian.server.admin;

import dev.meridian.server.control.Overlays;
import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.policy.GslbName;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.policy.Region;
import dev.meridian.server.policy.Target;
import dev.meridian.server.request.HealthTable;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/status}: this node's identity, configuration, last reload and health snapshot, its regions and
 * where they are, every endpoint with the state its answers use, its weights and the overlay in force, and the keys
 * and DS records of each signed zone.
 */
final class StatusRoute implements Handler<RoutingContext> {
    static final String PATH = "/api/v1/status";
    /** How long a change takes to reach every node, added to a drain's TTL wait before it counts as drained. */
    static final Duration PROPAGATION = Duration.ofSeconds(1);

    private final AdminNode node;

    StatusRoute(AdminNode node) {
        this.node = node;
    }

    @Override
    public void handle(RoutingContext ctx) {
        // The votes are read under the aggregator's lock and the cluster's summaries from Hazelcast: never on an
        // event loop, which the DNS listeners may share.
        ctx.vertx().executeBlocking(this::status, false).onComplete(done -> {
            if (done.failed()) {
                ApiError.send(ctx, 503, "status unavailable", String.valueOf(done.cause().getMessage()));
                return;
            }
            ctx.response().putHeader("content-type", "application/json").end(done.result());
        });
    }

    private String status() {
        JsonObject status = new JsonObject()
                .put("identity", node.identity())
                .put("configuration", NodeJson.configuration(node.configuration()))
                .put("lastReload", NodeJson.reload(node.lastReload()))
                .put("health", NodeJson.health(node.health()))
                .put("regions", regions(node.gslb()))
                .put("endpoints", withWhy(endpoints(node.gslb(), node.table(), node.overlays().current(),
                        Instant.now()), node, Instant.now()))
                .put("vantages", vantages(node.vantagesLastHeard(), Instant.now()))
                .put("anycast", AnycastRoutes.json(node.anycast()))
                .put("dnssec", DnssecJson.zones(node.signing()));
        List<JsonObject> nodes = node.clusterNodes();
        boolean agree = nodes.stream().map(n -> n.getString("configuration")).distinct().count() <= 1
                && nodes.stream().map(n -> n.getJsonObject("health").getString("digest")).distinct().count() <= 1;
        return new JsonObject().put("node", status)
                .put("cluster", new JsonObject().put("nodes", new JsonArray(nodes)).put("agree", agree)).encode();
    }

    /**
     * Each endpoint with why it is in its state: its observed health (stale or not), the votes of every vantage with
     * their ages and round-trip times.
     */
    private static JsonArray withWhy(JsonArray endpoints, AdminNode node, Instant now) {
        for (Object o : endpoints) {
            JsonObject e = (JsonObject) o;
            String key = e.getString("healthKey");
            dev.meridian.probes.health.EndpointHealth observed = node.observed(key);
            e.put("observed", observed.status().name().toLowerCase(java.util.Locale.ROOT))
                    .put("stale", observed.stale());
            if (observed.stale() && (e.getString("state").equals("up") || e.getString("state").equals("down"))) {
                e.put("state", "stale");
            }
            JsonArray votes = new JsonArray();
            for (dev.meridian.probes.observe.Observation v : node.votesFor(key)) {
                JsonObject vote = new JsonObject().put("vantage", v.vantage())
                        .put("status", v.status().name().toLowerCase(java.util.Locale.ROOT))
                        .put("ageSeconds", (now.toEpochMilli() - v.observedEpochMillis()) / 1000.0)
                        .put("failingStreak", v.failingStreak());
                if (!Double.isNaN(v.smoothedRttMillis())) {
                    vote.put("rttMillis", v.smoothedRttMillis());
                }
                votes.add(vote);
            }
            e.put("votes", votes);
        }
        return endpoints;
    }

    /**
     * Every region an endpoint is in, in policy order, with its coordinates when the policy places it: what the
     * status page puts on its map. A region of the same name in several zones is one place, shown once.
     */
    static JsonArray regions(GslbNames gslb) {
        Map<String, JsonObject> byName = new java.util.LinkedHashMap<>();
        for (Endpoint e : gslb.endpoints()) {
            Region region = e.region();
            byName.computeIfAbsent(region.name(), name -> {
                JsonObject json = new JsonObject().put("name", name);
                if (!Double.isNaN(region.latitude())) {
                    json.put("latitude", region.latitude()).put("longitude", region.longitude());
                }
                return json;
            });
        }
        return new JsonArray(List.copyOf(byName.values()));
    }

    /** Every vantage this node has heard from, when last, and how long ago: a silent agent shows here first. */
    static JsonArray vantages(Map<String, Instant> lastHeard, Instant now) {
        JsonArray list = new JsonArray();
        new java.util.TreeMap<>(lastHeard).forEach((vantage, at) -> list.add(new JsonObject().put("vantage", vantage)
                .put("lastHeard", at.toString()).put("ageSeconds", Duration.between(at, now).toMillis() / 1000.0)));
        return list;
    }

    static JsonArray endpoints(GslbNames gslb, HealthTable table, Overlays overlays, Instant now) {
        Map<Endpoint, Long> longestTtl = new HashMap<>();
        for (GslbName name : gslb.all()) {
            for (Target t : name.targets()) {
                longestTtl.merge(t.endpoint(), name.ttl(), Math::max);
            }
        }
        JsonArray list = new JsonArray();
        for (Endpoint e : gslb.endpoints()) {
            Overlays.Effective effective = overlays.forEndpoint(e.id(), e.region().name(), now);
            JsonObject json = new JsonObject().put("id", e.id()).put("healthKey", e.healthKey())
                    .put("region", e.region().name())
                    .put("state", state(e, table, effective, longestTtl.getOrDefault(e, 0L), now))
                    .put("configuredWeight", e.weight())
                    .put("weight", table.weight(e.index(), e.weight()));
            if (effective.drainedAt() != null) {
                json.put("drainedAt", effective.drainedAt().toString());
            }
            long ttlBound = table.secondsToChange(e.index(), now.toEpochMilli());
            if (ttlBound != Long.MAX_VALUE) {
                json.put("ttlBoundSeconds", ttlBound);
            }
            double share = table.rampFraction(e.index(), now.toEpochMilli());
            if (share < 1 && table.isUp(e.index())) {
                json.put("share", Math.round(share * 1000) / 1000.0);
            }
            list.add(json);
        }
        return list;
    }

    /**
     * The state answers use: drained once every answer naming the endpoint that a resolver may still hold has
     * expired (the longest TTL of its names after the drain reached every node), draining before; forced; else
     * up or down as health says.
     */
    private static String state(Endpoint e, HealthTable table, Overlays.Effective effective, long ttlSeconds,
            Instant now) {
        if (effective.drainedAt() != null) {
            Instant drained = effective.drainedAt().plus(PROPAGATION).plusSeconds(ttlSeconds);
            return now.isBefore(drained) ? "draining" : "drained";
        }
        if (effective.forced() != null) {
            return "forced-" + effective.forced().name().toLowerCase(java.util.Locale.ROOT);
        }
        if (!table.isUp(e.index())) {
            return "down";
        }
        return table.rampFraction(e.index(), now.toEpochMilli()) < 1 ? "ramping" : "up";
    }
}
