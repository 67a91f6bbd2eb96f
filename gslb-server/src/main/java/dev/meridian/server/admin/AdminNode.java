package dev.meridian.server.admin;

import dev.meridian.probes.cluster.SharedLines;
import dev.meridian.probes.health.EventLog;
import dev.meridian.server.control.OverlayStore;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.health.HealthReport;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.request.ChainTrace;
import dev.meridian.server.request.HealthTable;
import java.net.InetAddress;
import dev.meridian.server.serving.ConfigVersion;
import dev.meridian.server.serving.ReloadResult;
import java.util.concurrent.CompletableFuture;

/** What the admin API reads from and asks of the node it runs in; the composition root implements it. */
public interface AdminNode {
    /** This node's name, as {@code id.server} answers it. */
    String identity();

    /** The configuration the node answers from now. */
    ConfigVersion configuration();

    /** The outcome of the last reload, or of the start-up load. */
    ReloadResult lastReload();

    /** The health snapshot the answers are compiled from. */
    HealthReport health();

    /** Every meter in the Prometheus text format, or {@code null} when this node keeps no metrics. */
    String metricsText();

    /**
     * Told of every change made through the API (for the metrics and the notifications).
     *
     * @param action what was done: {@code drain}, {@code undrain}, {@code reload}...
     * @param target what it was done to (a region or endpoint), or {@code null}
     * @param token the name of the token that did it
     */
    void changed(String action, String target, String token);

    /** Every DNS node's latest summary (identity, configuration, health digest, last reload), this one included. */
    java.util.List<io.vertx.core.json.JsonObject> clusterNodes();

    /** The audit log the cluster keeps: one JSON object per change, newest last. */
    SharedLines audit();

    /** This node's anycast announcer, or {@code null} when it announces nothing. */
    dev.meridian.server.anycast.Announcer anycast();

    /** The signing stage with every signed zone's keys, or {@code null} when this node signs nothing. */
    dev.meridian.server.dnssec.SigningStage signing();

    /** The failover events the cluster keeps. */
    EventLog events();

    /** The votes this node holds for an endpoint (by health key), one per vantage. */
    java.util.List<dev.meridian.probes.observe.Observation> votesFor(String healthKey);

    /** The endpoint's observed health (quorum, staleness), before configuration and overlays. */
    dev.meridian.probes.health.EndpointHealth observed(String healthKey);

    /** When this node last heard from each vantage (agent), by vantage. */
    java.util.Map<String, java.time.Instant> vantagesLastHeard();

    /** Returns once this node's queries read a health table with the operator's changes in force now. */
    void applyOverlays();

    /** The operator's changes in force. */
    OverlayStore overlays();

    /**
     * This node's configuration as its files are now, with the policy of the zone {@code name} falls in read from
     * {@code policy}: loaded as a reload would load it, never served. The caller closes it.
     *
     * @throws IllegalArgumentException when {@code name} is in no zone this node serves
     */
    dev.meridian.server.serving.ServingSnapshot trial(org.xbill.DNS.Name name, java.nio.file.Path policy)
            throws dev.meridian.probes.config.ConfigException;

    /** The GSLB names serving now, with their endpoints. */
    GslbNames gslb();

    /** The table the query path reads now: health and weights by endpoint index, overlays included. */
    HealthTable table();

    /** The table the query path would read with {@code overlays} instead of the operator's changes in force. */
    HealthTable assuming(Overlays overlays);

    /**
     * Answers a DNS query (wire format) as one from {@code source} over UDP would be answered with {@code table},
     * recording the GSLB decisions in {@code trace}.
     */
    byte[] explain(byte[] query, InetAddress source, ChainTrace trace, HealthTable table);

    /** Reloads every configuration file, keeping the current configuration on any error. */
    CompletableFuture<ReloadResult> reload(String trigger);

    /** This node's latency snapshot and the cluster's latency map, for the ingest route and metrics. */
    dev.meridian.server.latency.LatencyRefresher latency();
}
