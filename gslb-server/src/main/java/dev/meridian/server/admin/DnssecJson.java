package dev.meridian.server.admin;

import dev.meridian.server.dnssec.DnssecCommand;
import dev.meridian.server.dnssec.KeyRole;
import dev.meridian.server.dnssec.KeyTimeline;
import dev.meridian.server.dnssec.KeyTiming;
import dev.meridian.server.dnssec.SigningStage;
import dev.meridian.server.dnssec.ZoneKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.Name;

/**
 * The {@code dnssec} part of the status: each signed zone's keys with their state now, and the DS records of its
 * key-signing keys as {@code dnssec ds} prints them, which is what the operator gives the parent (during a KSK
 * rollover, the new key's DS next to the old one's).
 */
final class DnssecJson {
    private DnssecJson() {
    }

    /** One object per signed zone, in name order; an empty list when nothing is signed ({@code signing} null). */
    static JsonArray zones(SigningStage signing) {
        JsonArray zones = new JsonArray();
        if (signing == null) {
            return zones;
        }
        Instant now = signing.clock().instant();
        for (Map.Entry<Name, KeyTimeline> zone : new TreeMap<>(signing.timelines()).entrySet()) {
            List<ZoneKey> keys = zone.getValue().keys();
            JsonArray keyList = new JsonArray();
            JsonArray ds = new JsonArray();
            for (ZoneKey key : keys) {
                keyList.add(key(key, KeyRole.of(key, keys), now));
                if (key.entryPoint()) {
                    ds.add(DnssecCommand.ds(key).toString());
                }
            }
            zones.add(new JsonObject().put("zone", zone.getKey().toString()).put("keys", keyList).put("ds", ds));
        }
        return zones;
    }

    private static JsonObject key(ZoneKey key, KeyRole role, Instant now) {
        KeyTiming timing = key.timing();
        JsonObject json = new JsonObject().put("tag", key.tag()).put("algorithm", key.dnskey().getAlgorithm())
                .put("role", role.name()).put("state", timing.stateAt(now).label());
        time(json, "publish", timing.publish());
        time(json, "activate", timing.activate());
        time(json, "inactive", timing.inactive());
        time(json, "delete", timing.delete());
        return json;
    }

    /** A timing field when the key file sets it; always and never are left out. */
    private static void time(JsonObject json, String field, Instant at) {
        if (at != Instant.MIN && at != Instant.MAX) {
            json.put(field, at.toString());
        }
    }
}
