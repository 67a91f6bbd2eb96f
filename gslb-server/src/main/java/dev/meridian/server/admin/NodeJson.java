package dev.meridian.server.admin;

import dev.meridian.server.health.HealthReport;
import dev.meridian.server.serving.ConfigVersion;
import dev.meridian.server.serving.ReloadResult;
import io.vertx.core.json.JsonObject;

/** The JSON forms of what a node reports, as docs/openapi.yaml describes them. */
final class NodeJson {
    private NodeJson() {
    }

    static JsonObject configuration(ConfigVersion version) {
        return new JsonObject().put("digest", version.digest()).put("short", version.shortDigest())
                .put("loadedAt", version.loadedAt().toString());
    }

    static JsonObject health(HealthReport report) {
        return new JsonObject().put("state", report.state()).put("version", report.version())
                .put("digest", report.digest()).put("endpoints", report.endpoints()).put("down", report.down())
                .put("stale", report.stale()).put("expired", report.expired()).put("unknown", report.unknown());
    }

    static JsonObject reload(ReloadResult result) {
        JsonObject json = new JsonObject().put("at", result.at().toString()).put("trigger", result.trigger())
                .put("serving", configuration(result.serving()));
        if (result instanceof ReloadResult.Loaded loaded) {
            return json.put("outcome", "loaded").put("tookMillis", loaded.took().toMillis());
        }
        if (result instanceof ReloadResult.Failed failed) {
            return json.put("outcome", "failed").put("error", failed.error());
        }
        return json.put("outcome", "unchanged");
    }
}
