package dev.meridian.server.admin;

import dev.meridian.server.geo.GeoLocation;
import dev.meridian.server.request.ChainTrace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Records one explained query's GSLB decisions as the JSON the explain route answers with. */
public final class ExplainTrace implements ChainTrace {
    private final JsonArray names = new JsonArray();
    private String zone;
    private JsonObject current;
    private JsonObject location;

    @Override
    public void zone(String origin) {
        zone = origin;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void name(String name, long ttl, String allDownMode) {
        current = new JsonObject().put("name", name).put("ttl", ttl).put("allDown", allDownMode)
                .put("steps", new JsonArray()).put("ttlBounds", new JsonArray());
        names.add(current);
    }

    @Override
    public void step(String kind, List<String> in, List<String> out, int scope, String reason) {
        current.getJsonArray("steps").add(new JsonObject().put("step", kind).put("in", new JsonArray(in))
                .put("out", new JsonArray(out)).put("scope", scope).put("reason", reason));
    }

    @Override
    public void allDown(String mode) {
        current.put("allDownAnswered", mode);
    }

    @Override
    public void located(GeoLocation where) {
        location = new JsonObject().put("known", where.isKnown()).put("country", where.country())
                .put("continent", where.continent()).put("subdivision", where.subdivision())
                .put("network", "/" + where.networkPrefix());
        if (where.hasCoordinates()) {
            location.put("latitude", where.latitude()).put("longitude", where.longitude());
        }
    }

    @Override
    public void ttlBound(String endpointId, long seconds) {
        current.getJsonArray("ttlBounds").add(new JsonObject().put("endpoint", endpointId).put("seconds", seconds));
    }

    @Override
    public void latency(String level, String network, List<String> rtts) {
        current.put("latency", new JsonObject().put("level", level).put("network", network)
                .put("rtts", new JsonArray(rtts)));
    }

    /**
     * The zone, every GSLB name the query went through (a CNAME chain may pass several) with why its TTL and ECS
     * scope are what they are, and where the client was placed.
     */
    public JsonObject toJson() {
        for (Object n : names) {
            JsonObject name = (JsonObject) n;
            name.put("ttlReason", ttlReason(name)).put("scopeReason", scopeReason(name));
        }
        JsonObject json = new JsonObject().put("zone", zone).put("gslb", names);
        if (location != null) {
            json.put("location", location);
        }
        return json;
    }

    private static String ttlReason(JsonObject name) {
        JsonObject soonest = null;
        for (Object b : name.getJsonArray("ttlBounds")) {
            JsonObject bound = (JsonObject) b;
            if (soonest == null || bound.getLong("seconds") < soonest.getLong("seconds")) {
                soonest = bound;
            }
        }
        return soonest == null ? "the name's TTL (" + name.getLong("ttl") + " s): no answered endpoint is changing"
                : "shortened from " + name.getLong("ttl") + " s: " + soonest.getString("endpoint")
                        + " may change state within " + soonest.getLong("seconds") + " s";
    }

    private static String scopeReason(JsonObject name) {
        JsonObject widest = null;
        for (Object s : name.getJsonArray("steps")) {
            JsonObject step = (JsonObject) s;
            if (widest == null || step.getInteger("scope") > widest.getInteger("scope")) {
                widest = step;
            }
        }
        return widest == null || widest.getInteger("scope") == 0 ? "no step looked at the client: scope 0"
                : "the longest client prefix a step looked at: /" + widest.getInteger("scope") + " ("
                        + widest.getString("step") + ")";
    }
}
