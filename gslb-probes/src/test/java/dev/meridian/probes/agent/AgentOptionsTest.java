package dev.meridian.probes.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.probes.config.ClusterOptions;
import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.HostPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The agent's YAML file and flags: the same cluster keys and flags as the server, errors as file:line: problem. */
class AgentOptionsTest {
    @TempDir
    Path dir;

    @Test
    void fileValuesAreRead() throws Exception {
        AgentOptions options = read("""
                region: eu-west
                name: probe-lon-1
                cluster:
                  name: prod
                  members: [192.0.2.11:5701, "[2001:db8::11]:5702"]
                """);
        assertEquals(new AgentOptions("eu-west", "probe-lon-1", new ClusterOptions("prod",
                List.of(member("192.0.2.11:5701"), member("[2001:db8::11]:5702")))), options);
        assertNull(options.missing());
    }

    @Test
    void latencyMeasurementDefaultsAndIsReadFromItsBlock() throws Exception {
        assertEquals(dev.meridian.probes.measure.MeasureSettings.DEFAULTS,
                read("region: eu\ncluster: {members: [192.0.2.11]}\n").measurement());
        var measurement = read("region: eu\ncluster: {members: [192.0.2.11]}\n"
                + "latency-measurement: {method: tcp-connect, per-second: 5, targets: 20, timeout: 500ms}\n")
                .measurement();
        assertEquals(dev.meridian.probes.measure.MeasureSettings.Method.TCP_CONNECT, measurement.method());
        assertEquals(5, measurement.perSecond());
        assertEquals(20, measurement.maxTargets());
        assertEquals(java.time.Duration.ofMillis(500), measurement.timeout());
    }

    @Test
    void anUnknownMeasurementMethodIsNamedWithItsLine() throws Exception {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.meridian.probes.config.ConfigException.class,
                () -> read("region: eu\ncluster: {members: [192.0.2.11]}\nlatency-measurement:\n  method: icmp\n"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(":4: latency-measurement.method: "
                + "expected udp-dns or tcp-connect, got 'icmp'"), e.getMessage());
    }

    @Test
    void memberWithoutPortUses5701AsTheServerDoes() throws Exception {
        assertEquals(List.of(member("192.0.2.11:5701")),
                read("region: eu\ncluster: {members: [192.0.2.11]}\n").cluster().members());
    }

    @Test
    void clusterNameDefaultsToMeridian() throws Exception {
        assertEquals("meridian", read("region: eu\ncluster: {members: [192.0.2.11]}\n").cluster().name());
    }

    @Test
    void flagsWinOverTheFile() throws Exception {
        AgentOptions options = read("region: eu\nname: a\ncluster: {name: prod, members: [192.0.2.11]}\n")
                .withFlags("us", null, "staging", List.of("192.0.2.21,192.0.2.22:5702"));
        assertEquals(new AgentOptions("us", "a", new ClusterOptions("staging",
                List.of(member("192.0.2.21:5701"), member("192.0.2.22:5702")))), options);
    }

    @Test
    void flagsAloneAreEnough() {
        AgentOptions options = AgentOptions.NONE.withFlags("eu", null, null, List.of("192.0.2.11"));
        assertNull(options.missing());
        assertEquals("meridian", options.cluster().name());
    }

    @Test
    void withoutRegionItSaysWhatToGive() {
        assertEquals("give the region this agent probes from: --region NAME (or region: in --config)",
                AgentOptions.NONE.withFlags(null, null, null, List.of("192.0.2.11")).missing());
    }

    @Test
    void withoutMembersItSaysWhatToGive() {
        assertEquals("give the DNS nodes' member addresses: --member HOST[:PORT] (or cluster.members: in --config)",
                AgentOptions.NONE.withFlags("eu", null, null, List.of()).missing());
    }

    @Test
    void hostNameMemberFlagIsRefusedWithoutALookup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.NONE.withFlags("eu", null, null, List.of("ns1.example.net:5701")));
        assertEquals("--member: 'ns1.example.net:5701': expected an IP address such as 192.0.2.1 or [2001:db8::1], "
                + "not a host name or a shorthand", e.getMessage());
    }

    @Test
    void regionFlagWithSlashNamesTheFlag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.NONE.withFlags("eu/west", null, null, List.of("192.0.2.11")));
        assertEquals("--region: expected a name without '/', got 'eu/west'", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // the file, with \n for new lines | line | the problem reported, after "file:line: "
            "region: eu\\ncluster: [192.0.2.11:5701]|2|cluster: expected a mapping of keys to values, got a list",
            "region: eu\\ncluster-name: prod|2|unknown key 'cluster-name'; expected one of [cluster, latency-measurement, name, region]",
            "region: eu\\ncluster:\\n  members: [192.0.2.11]\\n  bind: 192.0.2.1:5701|4|unknown key 'cluster.bind'; "
                    + "expected one of [members, name]",
            "region: eu\\ncluster:\\n  members:\\n    - 192.0.2.11:5701\\n    - 127.1:5701|5|cluster.members[1]: "
                    + "'127.1:5701': expected an IP address such as 192.0.2.1 or [2001:db8::1], not a host name or a "
                    + "shorthand",
            "region: eu\\ncluster: {name: prod}|2|cluster.members: list every DNS node's address, such as "
                    + "[192.0.2.11:5701]",
            "region: eu/west|1|region: expected a name without '/', got 'eu/west'",
            "region: [eu]|1|region: expected a value, got a list",
            "name: a\\nname: b|2|duplicate key 'name'",
            "region: eu\\ncluster: {members: [192.0.2.11:99999]}|2|cluster.members[0]: '192.0.2.11:99999': the port "
                    + "must be a number from 0 to 65535"})
    void mistakeNamesFileLineAndProblem(String text, int line, String problem) throws Exception {
        Path file = write(text.replace("\\n", "\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> AgentOptions.read(file));
        assertEquals(file + ":" + line + ": " + problem, e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("absent.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> AgentOptions.read(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    private AgentOptions read(String text) throws Exception {
        return AgentOptions.read(write(text));
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), text);
    }

    private static HostPort member(String text) {
        return HostPort.parse(text, HostPort.CLUSTER_PORT);
    }
}
