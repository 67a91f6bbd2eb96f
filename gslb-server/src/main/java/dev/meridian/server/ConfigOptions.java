package dev.meridian.server;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.config.ConfigLoader;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.serving.ConfigSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that say what to serve, shared by running the server and checking its configuration. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (optional).")
    Path config;

    @Option(names = "--zones", paramLabel = "DIR", description = "Directory of <origin>.zone files (default: zones).")
    Path zones;

    @Option(names = "--listen", paramLabel = "ADDR:PORT",
            description = "Address to serve on UDP and TCP; repeat for several (default: 127.0.0.1:5300; "
                    + "production: 0.0.0.0:53 and [::]:53).")
    List<String> listen = new ArrayList<>();

    @Option(names = "--identity", paramLabel = "NAME", description = "Server identity returned as NSID.")
    String identity;

    @Option(names = "--geoip", paramLabel = "FILE",
            description = "MaxMind-format database locating clients; repeat for one per address family "
                    + "(default: geo-data/demo-city.mmdb).")
    List<Path> geoDatabases = new ArrayList<>();

    @Option(names = "--region", paramLabel = "NAME",
            description = "Region this node is in; its embedded agent reports from there (default: local).")
    String region;

    @Option(names = "--member", paramLabel = "HOST[:PORT][,HOST[:PORT]...]",
            description = "A DNS node's cluster member address (IP literal, default port 5701); repeat or separate "
                    + "with commas for every node, this one included. Without it health stays in this process.")
    List<String> members = new ArrayList<>();

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster name (default: meridian).")
    String clusterName;

    @Option(names = "--cluster-bind", paramLabel = "HOST[:PORT]",
            description = "This node's own member address (default: the first member).")
    String clusterBind;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Where the last known health is kept across restarts (default: state/health.state).")
    Path stateFile;

    @Option(names = "--admin", paramLabel = "HOST[:PORT]",
            description = "Serve the admin API there (default port 8053; loopback unless TLS is configured). "
                    + "Tokens come from the configuration file's admin block.")
    String admin;

    @Option(names = "--rate-limit", paramLabel = "N",
            description = "UDP replies per second per client network, name and type before replies are slipped or "
                    + "dropped (default: 200; 0 turns rate limiting off).")
    Integer rateLimit;

    @Option(names = "--event-loops", paramLabel = "N",
            description = "Event loops serving DNS, each with UDP sockets of its own on the shared port "
                    + "(default: one per processor).")
    Integer eventLoops;

    /** The configuration as these options say to read it, again on every reload. */
    ConfigSource source() {
        return new ConfigSource() {
            @Override
            public ServerConfig load() throws ConfigException {
                return ConfigOptions.this.load();
            }

            @Override
            public Path file() {
                return config;
            }
        };
    }

    ServerConfig load() throws ConfigException {
        return ConfigLoader.load(config, new ConfigLoader.Overrides(listen, zones, identity, geoDatabases, region,
                clusterName, members, clusterBind, stateFile, admin, rateLimit, eventLoops));
    }
}
