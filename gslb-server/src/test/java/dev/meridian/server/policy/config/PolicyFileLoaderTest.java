package dev.meridian.server.policy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.CheckTiming;
import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.policy.GslbName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

/** Policy files: what they accept, and the file, line and problem they report for each mistake. */
class PolicyFileLoaderTest {
    private static final Name ORIGIN = Name.fromConstantString("gslb.example.");
    private static final String REGIONS = """
            regions:
              eu-west:
                latitude: 51.5
                longitude: -0.1
                endpoints:
                  lb: {addresses: [192.0.2.20]}
              us-east:
                latitude: 39.0
                longitude: -77.5
                endpoints:
                  lb: {addresses: [198.51.100.20], weight: 3}
            """;

    @TempDir
    Path dir;

    @Test
    void namesAreRelativeToTheZoneWithDefaults() throws Exception {
        List<GslbName> names = load(REGIONS + "names: {www: {policy: geoproximity}, api.gslb.example.: {policy: failover, ttl: 10}}");
        assertEquals(Name.fromConstantString("www.gslb.example."), names.get(0).name());
        assertEquals(30, names.get(0).ttl());
        assertEquals(Name.fromConstantString("api.gslb.example."), names.get(1).name());
        assertEquals(10, names.get(1).ttl());
        assertEquals(2, names.get(0).targets().size());
    }

    @Test
    void exampleOfTheRepositoryLoads() throws Exception {
        List<GslbName> names = PolicyFileLoader.load(Path.of("../zones/gslb.example.policy.yaml"), ORIGIN,
                new EndpointIndex());
        assertTrue(names.size() >= 5, "names: " + names.size());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // the text appended to the file | line of the error | the problem reported, after "file:line: "
            "names: {www: {policy: geoproximity, endpoints: [ap-south]}}|12|unknown region 'ap-south'; regions are [eu-west, us-east]",
            "names: {www: {policy: geofence}}\\noverrides: [{network: 10.0.0.0/8, regions: [mars]}]|13|unknown region 'mars'; regions are [eu-west, us-east]",
            "names: {www: {policy: weighted, endpoints: [eu-west]}}|12|the weights of this name's endpoints sum to zero; 'weighted' needs at least one endpoint "
                    + "with a positive weight",
            "names: {www.other.example.: {policy: failover}}|12|name www.other.example. is outside the zone gslb.example.",
            "names: {www: {policy: roundrobin}}|12|unknown policy 'roundrobin'; known: [failover, geofence, geoproximity, "
                    + "hash, health, latency, multivalue, weighted]",
            "names:\\n  www:\\n    chain: [{health: {strict: true}}, failover]|14|'health' takes no parameters",
            "names: {www: {chain: [geoproximity, health]}}|12|'geoproximity' selects before the health filter; put 'health' "
                    + "first so selection only sees healthy endpoints",
            "names: {www: {policy: failover, tll: 30}}|12|unknown key 'names.www.tll'; expected one of [all-down, answers, chain, "
                    + "endpoints, policy, ttl]",
            "names: {www: {policy: failover, all-down: panic}}|12|unknown all-down mode 'panic'; expected "
                    + "return-all, first-tier, nodata, servfail or {backup: ADDRESS-OR-NAME}",
            "names: {www: {policy: failover, ttl: -1}}|12|names.www.ttl: expected a whole number from 0 to "
                    + "2147483647, got '-1'",
            "names:\\n  www:\\n    chain:\\n      - health\\n      - {failover: {priority: [eu-west, moon]}}|16|"
                    + "unknown region 'moon'; regions are [eu-west, us-east]",
            "names:\\n  www:\\n    chain:\\n      - health\\n      - {failover: {priority: [eu-west/spare]}}|16|"
                    + "unknown endpoint 'eu-west/spare'; region 'eu-west' has [eu-west/lb]",
            "names: {www: {policy: failover}}\\noverrides: [{network: 10.0.0.1/8, regions: [eu-west]}]|13|'10.0.0.1/8' has host bits set; the network is 10.0.0.0/8"})
    void mistakesNameFileLineAndProblem(String text, int line, String problem) throws Exception {
        String file = REGIONS.replace("weight: 3", "weight: 0")
                .replace("{addresses: [192.0.2.20]}", "{addresses: [192.0.2.20], weight: 0}") + text.replace("\\n", "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(file));
        String expected = dir.resolve("gslb.example.policy.yaml") + ":" + line + ": ";
        assertEquals(expected + problem, e.getMessage(), file);
    }

    @Test
    void latitudeOutOfRangeNamesItsLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(REGIONS.replace("latitude: 51.5", "latitude: 151.5") + "names: {}"));
        assertEquals(dir.resolve("gslb.example.policy.yaml") + ":3: regions.eu-west.latitude: expected a number from "
                + "-90.0 to 90.0, got '151.5'", e.getMessage());
    }

    @Test
    void geoproximityNeedsCoordinates() throws Exception {
        String text = REGIONS + "  cdn:\n    endpoints:\n      e: {cname: edge.example.net.}\nnames: {www: {policy: geoproximity}}";
        ConfigException e = assertThrows(ConfigException.class, () -> load(text));
        assertTrue(e.getMessage().contains("region 'cdn' has no latitude"), e.getMessage());
    }

    @Test
    void endpointNeedsAddressesOrACname() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(REGIONS.replace("{addresses: [192.0.2.20]}", "{weight: 1}") + "names: {}"));
        assertTrue(e.getMessage().contains(":6: endpoint 'lb' needs either addresses or a cname"), e.getMessage());
    }

    @Test
    void endpointCheckMayProbeAnotherAddressThanTheOneAnswered() throws Exception {
        String text = REGIONS.replace("{addresses: [192.0.2.20]}", """
                {addresses: [192.0.2.20], check: {type: https, address: 10.0.0.5, port: 8443, path: /healthz,
                          host: www.example.net, expect: 200-299, body: ok, interval: 2s, timeout: 500ms, rise: 1, fall: 2}}""")
                + "names: {www: {policy: failover}}";
        Endpoint lb = load(text).get(0).targets().get(0).endpoint();
        assertEquals(new CheckTarget("gslb.example/eu-west/lb", "eu-west",
                new CheckSpec.Http("10.0.0.5", 8443, true, "GET", "/healthz", "www.example.net", "www.example.net",
                        200, 299, "ok"),
                new CheckTiming(Duration.ofSeconds(2), Duration.ofMillis(500), 1, 2)), lb.check());
    }

    @Test
    void regionCheckAppliesToItsEndpointsWithDefaults() throws Exception {
        String text = REGIONS.replace("  us-east:\n", "  us-east:\n    check: {type: tcp, port: 443}\n")
                + "names: {www: {policy: failover}}";
        Endpoint lb = load(text).get(0).targets().get(1).endpoint();
        assertEquals(new CheckSpec.Tcp("198.51.100.20", 443), lb.check().spec());
        assertEquals(CheckTiming.DEFAULT, lb.check().timing());
        assertEquals(null, load(text).get(0).targets().get(0).endpoint().check(), "eu-west has no check");
    }

    @Test
    void checkMistakesNameTheirLine() throws Exception {
        String text = REGIONS.replace("{addresses: [192.0.2.20]}", "{addresses: [192.0.2.20], check: {expect: 2xx}}")
                + "names: {}";
        ConfigException e = assertThrows(ConfigException.class, () -> load(text));
        assertTrue(e.getMessage().contains(":6: '2xx' is not a status or status range"), e.getMessage());
        String slow = REGIONS.replace("{addresses: [192.0.2.20]}",
                "{addresses: [192.0.2.20], check: {interval: 1s, timeout: 2s}}") + "names: {}";
        ConfigException timing = assertThrows(ConfigException.class, () -> load(slow));
        assertTrue(timing.getMessage().contains("timeout must be positive and shorter than the interval"),
                timing.getMessage());
    }

    @Test
    void aFileOfManyNamesKeepsTheirOrder() throws Exception {
        List<GslbName> names = load(REGIONS + "names:\n" + manyNames(3_000, -1, -1));
        assertEquals(3_000, names.size());
        for (int i = 0; i < names.size(); i++) {
            assertEquals(Name.fromConstantString("n" + i + ".gslb.example."), names.get(i).name());
        }
    }

    @Test
    void inAFileOfManyNamesTheFirstProblemInTheFileIsReported() {
        Path file = dir.resolve("gslb.example.policy.yaml");
        ConfigException duplicateFirst = assertThrows(ConfigException.class,
                () -> load(REGIONS + "names:\n" + manyNames(3_000, 300, 2_500)));
        assertEquals(file + ":313: GSLB name n0.gslb.example. is defined twice; first on line 13",
                duplicateFirst.getMessage());
        ConfigException unknownFirst = assertThrows(ConfigException.class,
                () -> load(REGIONS + "names:\n" + manyNames(3_000, 2_500, 300)));
        assertTrue(unknownFirst.getMessage().startsWith(file + ":313: unknown policy 'roundrobin'"),
                unknownFirst.getMessage());
    }

    /** Names n0, n1, ...; the one at {@code again} names n0 a second time, the one at {@code unknown} a bad policy. */
    private static String manyNames(int count, int again, int unknown) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("  ").append(i == again ? "n0.gslb.example." : "n" + i).append(": {policy: ")
                    .append(i == unknown ? "roundrobin" : "failover").append("}\n");
        }
        return text.toString();
    }

    @Test
    void yamlSyntaxErrorNamesItsLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load(REGIONS + "names: {www: [\n"));
        assertTrue(e.getMessage().startsWith(dir.resolve("gslb.example.policy.yaml") + ":"), e.getMessage());
    }

    @Test
    void tabInIndentationNamesItsOwnLine() throws Exception {
        String text = REGIONS + "names:\n  www:\n\tpolicy: failover\n";
        ConfigException e = assertThrows(ConfigException.class, () -> load(text));
        assertTrue(e.getMessage().startsWith(dir.resolve("gslb.example.policy.yaml") + ":14: "), e.getMessage());
        assertTrue(e.getMessage().contains("tab"), e.getMessage());
    }

    private List<GslbName> load(String text) throws Exception {
        return PolicyFileLoader.load(Files.writeString(dir.resolve("gslb.example.policy.yaml"), text), ORIGIN,
                new EndpointIndex());
    }
}
