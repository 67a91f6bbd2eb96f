package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.policy.GslbName;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.zone.DynamicNodeSource;
import dev.meridian.server.zone.ZoneFileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * The GSLB names of each zone from the policy file beside it ({@code shop.example.zone} → {@code
 * shop.example.policy.yaml}), collected over one load so the snapshot gets them all together. One per load.
 */
public final class PolicyFiles implements DynamicNodeSource {
    private static final String SUFFIX = ".policy.yaml";
    private final EndpointIndex index;
    private final Map<Name, Path> instead;
    private final List<GslbName> loaded = new ArrayList<>();

    /** @param index gives endpoints their health-table slots; the server keeps one across reloads */
    public PolicyFiles(EndpointIndex index) {
        this(index, Map.of());
    }

    /**
     * Reads the policy of each zone named in {@code instead} from the file given there rather than the one beside the
     * zone: what-if with another policy file, which is loaded as a reload would load it but never served.
     */
    public PolicyFiles(EndpointIndex index, Map<Name, Path> instead) {
        this.index = Objects.requireNonNull(index, "index");
        this.instead = Map.copyOf(instead);
    }

    @Override
    public Loaded load(Path zoneFile, Name origin) throws ConfigException {
        Path policyFile = instead.getOrDefault(origin, policyFileOf(zoneFile));
        if (!Files.exists(policyFile)) {
            return new Loaded(policyFile, List.of(), Map.of());
        }
        PolicyFileLoader.Loaded file = PolicyFileLoader.read(policyFile, origin, index);
        loaded.addAll(file.names());
        return new Loaded(policyFile, file.names(), file.lines());
    }

    /** Every GSLB name loaded so far. */
    public GslbNames loaded() {
        return new GslbNames(loaded, index);
    }

    /** {@code shop.example.zone} has its GSLB names in {@code shop.example.policy.yaml} beside it. */
    public static Path policyFileOf(Path zoneFile) {
        return zoneFile.resolveSibling(ZoneFileLoader.baseName(zoneFile) + SUFFIX);
    }
}
