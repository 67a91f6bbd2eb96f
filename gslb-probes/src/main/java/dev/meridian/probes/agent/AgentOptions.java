package dev.meridian.probes.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The agent's settings as its YAML file writes them; every value may also come from the command line.
 *
 * @param region the region this agent probes from
 * @param name this agent's name within its region (default: the host name)
 * @param cluster the DNS nodes' member addresses, {@code host:port}
 * @param clusterName the cluster's name (default {@code meridian})
 */
record AgentOptions(String region, String name, List<String> cluster,
        @JsonProperty("cluster-name") String clusterName) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static AgentOptions read(Path file) throws IOException {
        AgentOptions options = YAML.readValue(file.toFile(), AgentOptions.class);
        return options == null ? new AgentOptions(null, null, null, null) : options;
    }
}
