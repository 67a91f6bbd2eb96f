package dev.meridian.probes.agent;

import dev.meridian.probes.config.ClusterOptions;
import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.probes.measure.MeasureSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The agent's settings: its YAML file, then its flags, which win.
 *
 * <pre>
 * region: eu-west
 * name: probe-lon-1
 * cluster:
 *   name: meridian
 *   members: [192.0.2.11:5701, 198.51.100.11:5701]
 * latency-measurement: {method: udp-dns, per-second: 10, targets: 100, timeout: 1s, backoff-max: 10m}
 * </pre>
 *
 * @param region the region this agent probes from, or {@code null} until given
 * @param name this agent's name within its region, or {@code null} for the host name
 * @param cluster the DNS nodes' cluster, or {@code null} until given
 * @param measurement how it measures latency to the client networks the DNS nodes serve most
 */
public record AgentOptions(String region, String name, ClusterOptions cluster, MeasureSettings measurement) {
    /** Nothing given yet: no file. */
    public static final AgentOptions NONE = new AgentOptions(null, null, null);

    /** Options that measure latency as {@link MeasureSettings#DEFAULTS} does. */
    public AgentOptions(String region, String name, ClusterOptions cluster) {
        this(region, name, cluster, MeasureSettings.DEFAULTS);
    }

    public AgentOptions {
        requireName("region", region);
        requireName("name", name);
    }

    /**
     * Reads an agent's YAML file.
     *
     * @throws ConfigException naming file, line and problem
     */
    public static AgentOptions read(Path file) throws ConfigException {
        YamlNode root = YamlNode.read(file);
        // An agent binds nothing, so a server's cluster.bind here is a mistake worth naming, not a key to ignore.
        root.onlyKeys(Set.of("region", "name", "cluster", "latency-measurement"));
        root.get("cluster").onlyKeys(ClusterOptions.KEYS);
        return new AgentOptions(name(root.get("region")), name(root.get("name")),
                ClusterOptions.read(root.get("cluster")), measurement(root.get("latency-measurement")));
    }

    /** The {@code latency-measurement} block over {@link MeasureSettings#DEFAULTS}. */
    private static MeasureSettings measurement(YamlNode node) throws ConfigException {
        node.onlyKeys(Set.of("method", "port", "per-second", "targets", "timeout", "backoff-max"));
        MeasureSettings d = MeasureSettings.DEFAULTS;
        String method = node.get("method").text("udp-dns");
        if (!method.equals("udp-dns") && !method.equals("tcp-connect")) {
            throw node.get("method").error(node.get("method").key() + ": expected udp-dns or tcp-connect, got '"
                    + method + "'");
        }
        try {
            return new MeasureSettings(method.equals("udp-dns") ? MeasureSettings.Method.UDP_DNS
                    : MeasureSettings.Method.TCP_CONNECT, (int) node.get("port").integer(1, 65535, d.port()),
                    (int) node.get("per-second").integer(1, 1000, d.perSecond()),
                    (int) node.get("targets").integer(1, 100_000, d.maxTargets()),
                    node.get("timeout").duration(d.timeout()), node.get("backoff-max").duration(d.backoffMax()));
        } catch (IllegalArgumentException e) {
            throw node.error("latency-measurement: " + e.getMessage());
        }
    }

    /**
     * These options with the command line's over them; each flag given wins.
     *
     * @throws IllegalArgumentException naming a malformed flag value
     */
    public AgentOptions withFlags(String regionFlag, String nameFlag, String clusterNameFlag,
            List<String> memberFlags) {
        requireName("--region", regionFlag);
        requireName("--name", nameFlag);
        return new AgentOptions(regionFlag != null ? regionFlag : region, nameFlag != null ? nameFlag : name,
                ClusterOptions.withFlags(cluster, clusterNameFlag, memberFlags), measurement);
    }

    /**
     * What the agent cannot start without, or {@code null} when nothing is missing.
     */
    public String missing() {
        if (region == null) {
            return "give the region this agent probes from: --region NAME (or region: in --config)";
        }
        if (cluster == null) {
            return "give the DNS nodes' member addresses: --member HOST[:PORT] (or cluster.members: in --config)";
        }
        return null;
    }

    private static String name(YamlNode node) throws ConfigException {
        String value = node.text(null);
        try {
            requireName(node.key(), value);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        return value;
    }

    /** Names become half of the vantage {@code region/name}, so neither may hold the slash. */
    private static void requireName(String key, String value) {
        if (value != null && (value.isBlank() || value.contains("/"))) {
            throw new IllegalArgumentException(key + ": expected a name without '/', got '" + value + "'");
        }
    }
}
