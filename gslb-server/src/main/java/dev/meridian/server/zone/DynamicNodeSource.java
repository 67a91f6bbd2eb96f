package dev.meridian.server.zone;

import dev.meridian.probes.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/** Where the dynamic nodes of a zone come from (the GSLB policy file beside it); the zone loader asks per zone. */
@FunctionalInterface
public interface DynamicNodeSource {
    /** Zones with static data only. */
    DynamicNodeSource NONE = (zoneFile, origin) -> new Loaded(zoneFile, List.of(), Map.of());

    /** Loads the dynamic nodes of the zone read from {@code zoneFile}; errors name their own file and line. */
    Loaded load(Path zoneFile, Name origin) throws ConfigException;

    /**
     * @param file where the nodes were defined, named when they conflict with the zone's data
     * @param nodes the nodes, each inside the zone
     * @param lines the line of {@code file} each node's name is defined on
     */
    record Loaded(Path file, List<? extends DynamicNode> nodes, Map<Name, Integer> lines) {
        public Loaded {
            nodes = List.copyOf(nodes);
            lines = Map.copyOf(lines);
        }

        /** Where {@code node} is defined, or {@link ConfigException#NO_LINE}. */
        public int lineOf(DynamicNode node) {
            return lines.getOrDefault(node.name(), ConfigException.NO_LINE);
        }
    }
}
