package dev.meridian.server.admin;

import dev.meridian.probes.health.HealthView;
import dev.meridian.probes.latency.LatencyView;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.dns.QueryPipeline;
import dev.meridian.server.dns.Stages;
import dev.meridian.server.health.HealthReport;
import dev.meridian.server.health.HealthTables;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.serving.ReloadResult;
import dev.meridian.server.serving.ServingSnapshot;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * Explains a query against a configuration that does not serve: one read from the files alone
 * ({@code gslb-server what-if}) or one with another policy file (what-if through the API). It runs the pipeline a
 * node runs over that snapshot, with a health table compiled for the snapshot's own endpoints, so the answer is the
 * one that configuration would give.
 */
public final class TrialExplainer {
    private TrialExplainer() {
    }

    /**
     * @param observed the health agents observed, by endpoint key; endpoints it knows nothing of count as up
     * @param overlays the operator's changes, with the assumptions on top
     */
    public static JsonObject explain(ServingSnapshot snapshot, HealthView observed, Overlays overlays,
            LatencyView latency, ExplainQuery query, String identity, Instant now) {
        HealthTable table = HealthTables.compile(snapshot.gslb(), observed, overlays, now);
        QueryPipeline pipeline = new QueryPipeline(() -> snapshot, () -> table, () -> latency,
                () -> new HealthReport(0, "-", 0, 0, 0),
                () -> new ReloadResult.Loaded(now, "what-if", snapshot.version(), Duration.ZERO), identity,
                Stages.NONE);
        ExplainTrace trace = new ExplainTrace();
        byte[] reply = pipeline.explain(query.message().toWire(), query.source(), trace, table);
        return Explanation.json(query, reply, trace, snapshot.gslb(), table, overlays)
                .put("configuration", snapshot.version().shortDigest());
    }
}
