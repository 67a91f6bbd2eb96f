package dev.meridian.server;

import dev.meridian.probes.latency.LatencyView;
import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.health.EndpointHealth;
import dev.meridian.server.admin.ExplainQuery;
import dev.meridian.server.admin.TrialExplainer;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.control.WhatIf;
import dev.meridian.server.control.Overlays;
import dev.meridian.server.ctl.ExplainText;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.serving.ServingSnapshot;
import dev.meridian.server.serving.SnapshotLoader;
import dev.meridian.server.zone.AuthoritativeZone;
import dev.meridian.server.zone.DynamicNodeSource;
import dev.meridian.server.zone.ZoneFileLoader;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gslb-server what-if}: the answer a configuration gives a query with targets assumed down, drained or
 * reweighted, from the files alone: no running server, no health system (every endpoint is up unless the files or
 * the assumptions say otherwise). The same loader and pipeline as a node, so a change can be checked before it is
 * made.
 */
@Command(name = "what-if", mixinStandardHelpOptions = true,
        description = "Answer a query from the configuration files with targets assumed down, drained or reweighted.")
final class WhatIfCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The name asked.")
    String name;

    @Parameters(index = "1", paramLabel = "TYPE", arity = "0..1", defaultValue = "A", description = "Default: A.")
    String type;

    @Option(names = "--client", required = true, paramLabel = "ADDRESS", description = "The query's source address.")
    String client;

    @Option(names = "--ecs", paramLabel = "SUBNET", description = "An EDNS Client Subnet the query carries.")
    String ecs;

    @Option(names = "--down", paramLabel = "TARGET", split = ",", description = "Assume a region or endpoint down.")
    List<String> down = new ArrayList<>();

    @Option(names = "--drain", paramLabel = "TARGET", split = ",", description = "Assume it drained.")
    List<String> drain = new ArrayList<>();

    @Option(names = "--weight", paramLabel = "TARGET=WEIGHT", split = ",", description = "Assume a weight.")
    List<String> weight = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Read the policy of the zone NAME falls in from FILE instead of the one beside the zone.")
    Path policy;

    @Option(names = "--json", description = "Print JSON, as the admin API's what-if answers.")
    boolean json;

    @Override
    public Integer call() {
        ExplainQuery query;
        WhatIf assumed;
        try {
            query = ExplainQuery.of(name, type, client, ecs);
            assumed = new WhatIf(down, drain, WhatIf.weights(weight));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        try {
            ServerConfig config = options.load();
            try (ServingSnapshot snapshot = SnapshotLoader.load(config, options.config, new EndpointIndex(),
                    Clock.systemUTC(), policyInstead(config, query))) {
                for (String target : assumed.targets()) {
                    if (snapshot.gslb().endpoints().stream().noneMatch(e -> e.id().equals(target)
                            || e.region().name().equals(target))) {
                        spec.commandLine().getErr().println("error: '" + target + "' is not a region or endpoint of "
                                + "this configuration");
                        return 1;
                    }
                }
                Instant now = Instant.now();
                JsonObject body = TrialExplainer.explain(snapshot, key -> EndpointHealth.ASSUMED_UP,
                        assumed.over(Overlays.NONE, now), LatencyView.NONE, query, config.identity(), now)
                        .put("assumed", new JsonObject().put("down", assumed.down()).put("drained", assumed.drained())
                                .put("weights", new JsonObject(new java.util.HashMap<>(assumed.weights()))));
                if (json) {
                    spec.commandLine().getOut().println(body.encodePrettily());
                } else {
                    ExplainText.print(body, spec.commandLine().getOut());
                }
            }
            return 0;
        } catch (IOException | ConfigException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
    }

    /** With {@code --policy}, the zone the name falls in (told by the zone files alone) gets its policy from it. */
    private Map<Name, Path> policyInstead(ServerConfig config, ExplainQuery query) throws ConfigException {
        if (policy == null) {
            return Map.of();
        }
        Name asked = query.message().getQuestion().getName();
        AuthoritativeZone zone = ZoneFileLoader.loadDirectory(config.zonesDir(), DynamicNodeSource.NONE)
                .zoneFor(asked);
        if (zone == null) {
            throw new ConfigException(null, ConfigException.NO_LINE, asked + " is in no zone of " + config.zonesDir());
        }
        return Map.of(zone.origin(), policy);
    }
}
