package dev.meridian.server.policy;

import static dev.meridian.server.policy.PolicyFixture.LONDON;
import static dev.meridian.server.policy.PolicyFixture.SEATTLE;
import static dev.meridian.server.policy.PolicyFixture.TOKYO;
import static dev.meridian.server.policy.PolicyFixture.UNKNOWN;
import static dev.meridian.server.policy.PolicyFixture.VIRGINIA;
import static dev.meridian.server.policy.PolicyFixture.answer;
import static dev.meridian.server.policy.PolicyFixture.client;
import static dev.meridian.server.policy.PolicyFixture.subnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.health.HealthView;
import dev.meridian.probes.latency.LatencySnapshot;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.request.QueryContext;
import dev.meridian.server.zone.DynamicAnswer;
import dev.meridian.server.testing.ChangingHealth;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Type;

/** What each policy answers, for which client, with which health — and the ECS scope it reports. */
class GslbPolicyTest {
    @TempDir
    Path dir;

    private GslbName load(String names) throws IOException, ConfigException {
        return PolicyFixture.load(dir, names);
    }

    @ParameterizedTest(name = "{0} gets {1}")
    @CsvSource({LONDON + ",192.0.2.20", VIRGINIA + ",198.51.100.20", SEATTLE + ",203.0.113.20"})
    void geoproximityAnswersTheNearestRegion(String client, String expected) throws Exception {
        GslbName www = load("names: {www: {policy: geoproximity}}");
        assertEquals(List.of(expected), answer(www, Type.A, client(client)));
    }

    @Test
    void geoproximityFailsOverToTheNextNearestHealthyRegion() throws Exception {
        GslbName www = load("names: {www: {policy: geoproximity}}");
        assertEquals(List.of("198.51.100.20"), answer(www, Type.A, client(LONDON, "eu-west/lb")));
        assertEquals(List.of("203.0.113.20"), answer(www, Type.A, client(LONDON, "eu-west/lb", "us-east/lb")));
    }

    @Test
    void geoproximityBiasDrawsClientsFromFartherAway() throws Exception {
        // Tokyo is about 7700 km from Seattle and 9600 km from London; a bias of 50 halves London's distance.
        assertEquals(List.of("203.0.113.20"), answer(load("names: {www: {policy: geoproximity}}"), Type.A,
                client(TOKYO)));
        assertEquals(List.of("192.0.2.20"), answer(loadWithBias(), Type.A, client(TOKYO)));
    }

    private GslbName loadWithBias() throws IOException, ConfigException {
        String regions = PolicyFixture.REGIONS.replace("    longitude: -0.1\n", "    longitude: -0.1\n    bias: 50\n");
        Path file = java.nio.file.Files.writeString(dir.resolve("biased.policy.yaml"),
                regions + "names: {www: {policy: geoproximity}}");
        return dev.meridian.server.policy.config.PolicyFileLoader.load(file, PolicyFixture.ORIGIN,
                PolicyFixture.INDEX).get(0);
    }

    @Test
    void unknownLocationKeepsTheConfiguredOrder() throws Exception {
        GslbName www = load("names: {www: {policy: geoproximity}}");
        assertEquals(List.of("192.0.2.20"), answer(www, Type.A, client(UNKNOWN)));
    }

    /**
     * Without a database to merge (a test locator), a step's scope is the one network holding the client, which may
     * be longer than the source (10.3.0.0/16 in a /20); merged scopes are EcsScopeTest's.
     */
    @ParameterizedTest(name = "subnet {0}/{1} has scope {2}")
    @CsvSource({"10.1.0.0,24,16", "10.3.0.0,24,20", "10.3.0.0,16,20", "10.3.0.0,32,20", "172.16.0.0,24,8"})
    void geoScopeIsTheMatchedNetwork(String address, int source, int scope) throws Exception {
        GslbName www = load("names: {www: {policy: geoproximity}}");
        assertEquals(scope, www.answer(Type.A, subnet(address, source)).scope());
    }

    @Test
    void aaaaFallsThroughToTheNearestRegionWithIpv6() throws Exception {
        GslbName www = load("names: {www: {policy: geoproximity}}");
        assertEquals(List.of("203.0.113.20"), answer(www, Type.A, client(SEATTLE)));
        assertEquals(List.of("2001:db8:a:0:0:0:0:20"), answer(www, Type.AAAA, client(SEATTLE)));
    }

    @Test
    void aaaaIsNodataWhenNoCandidateHasIpv6() throws Exception {
        GslbName www = load("names: {www: {policy: geoproximity, endpoints: [us-west]}}");
        assertEquals(List.of("NODATA"), answer(www, Type.AAAA, client(SEATTLE)));
    }

    @Test
    void cnameEndpointAnswersEveryType() throws Exception {
        GslbName www = load("""
                  cdn:
                    endpoints:
                      edge: {cname: edge.cdn.example.net.}
                names: {www: {policy: failover, endpoints: [cdn]}}
                """);
        assertEquals(List.of("CNAME edge.cdn.example.net."), answer(www, Type.A, client(LONDON)));
        assertEquals(List.of("CNAME edge.cdn.example.net."), answer(www, Type.TXT, client(LONDON)));
        assertEquals(List.of("edge.cdn.example.net."), answer(www, Type.CNAME, client(LONDON)));
    }

    @ParameterizedTest(name = "{0} gets {1}")
    @CsvSource({SEATTLE + ",203.0.113.20", VIRGINIA + ",198.51.100.20", LONDON + ",192.0.2.20",
            TOKYO + ",198.51.100.20"})
    void geofenceUsesTheMostSpecificLevelThenTheDefault(String client, String expected) throws Exception {
        GslbName shop = load("""
                names:
                  shop:
                    chain:
                      - geofence:
                          subdivisions: {US-WA: [us-west]}
                          countries: {US: [us-east]}
                          continents: {EU: [eu-west]}
                          default: [us-east]
                      - health
                      - failover
                """);
        assertEquals(List.of(expected), answer(shop, Type.A, client(client)));
    }

    @Test
    void geofenceListIsAFailoverOrder() throws Exception {
        GslbName shop = load("""
                names:
                  shop:
                    chain: [{geofence: {subdivisions: {US-WA: [us-west, us-east]}, default: [eu-west]}}, health, failover]
                """);
        assertEquals(List.of("203.0.113.20"), answer(shop, Type.A, client(SEATTLE)));
        assertEquals(List.of("198.51.100.20"), answer(shop, Type.A, client(SEATTLE, "us-west/lb")));
    }

    @Test
    void regionsServeTheCountriesTheyList() throws Exception {
        String regions = PolicyFixture.REGIONS.replace("    latitude: 47.6\n", "    latitude: 47.6\n    countries: [JP]\n");
        Path file = java.nio.file.Files.writeString(dir.resolve("served.policy.yaml"), regions
                + "names: {shop: {chain: [geofence, health, failover]}}");
        GslbName shop = dev.meridian.server.policy.config.PolicyFileLoader.load(file, PolicyFixture.ORIGIN,
                PolicyFixture.INDEX).get(0);
        assertEquals(List.of("203.0.113.20"), answer(shop, Type.A, client(TOKYO)));
        assertEquals(List.of("192.0.2.20"), answer(shop, Type.A, client(VIRGINIA)), "default: configured order");
    }

    @Test
    void failoverAnswersTheFirstHealthyInPriorityOrder() throws Exception {
        GslbName api = load("names: {api: {chain: [health, {failover: {priority: [us-east, eu-west, us-west]}}]}}");
        assertEquals(List.of("198.51.100.20"), answer(api, Type.A, client(LONDON)));
        assertEquals(List.of("192.0.2.20"), answer(api, Type.A, client(LONDON, "us-east/lb")));
        assertEquals(List.of("203.0.113.20"), answer(api, Type.A, client(LONDON, "us-east/lb", "eu-west/lb")));
    }

    @Test
    void failoverDoesNotDependOnTheClient() throws Exception {
        GslbName api = load("names: {api: {policy: failover}}");
        assertEquals(0, api.answer(Type.A, subnet("10.1.0.0", 24)).scope());
    }

    private static final String CANARY = """
              canary:
                endpoints:
                  blue: {addresses: [192.0.2.101], weight: 95}
                  green: {addresses: [192.0.2.102], weight: 5}
            """;

    @Test
    void failoverPutsAnEndpointsOwnEntryBeforeItsRegions() throws Exception {
        GslbName app = load(CANARY + "names: {app: {chain: [health, {failover: {priority: [canary, canary/blue]}}]}}");
        assertEquals(List.of("192.0.2.102"), answer(app, Type.A, client(LONDON)));
        assertEquals(List.of("192.0.2.101"), answer(app, Type.A, client(LONDON, "canary/green")));
    }

    @Test
    void weightedSplitsTrafficByWeight() throws Exception {
        GslbName app = load(CANARY + "names: {app: {policy: weighted, endpoints: [canary]}}");
        int clients = 100_000;
        int green = 0;
        for (int i = 0; i < clients; i++) {
            if (answer(app, Type.A, client(LONDON)).equals(List.of("192.0.2.102"))) {
                green++;
            }
        }
        double share = green / (double) clients;
        assertTrue(Math.abs(share - 0.05) <= 0.01, "green share " + share);
    }

    @Test
    void weightZeroIsALastResort() throws Exception {
        GslbName app = load(CANARY.replace("weight: 5", "weight: 0") + "names: {app: {policy: weighted, endpoints: [canary]}}");
        for (int i = 0; i < 1000; i++) {
            assertEquals(List.of("192.0.2.101"), answer(app, Type.A, client(LONDON)));
        }
        assertEquals(List.of("192.0.2.102"), answer(app, Type.A, client(LONDON, "canary/blue")));
    }

    private String pool(int size) {
        StringBuilder s = new StringBuilder("  pool:\n    endpoints:\n");
        for (int i = 0; i < size; i++) {
            s.append("      lb").append(i).append(": {addresses: [192.0.2.").append(i + 1).append("]}\n");
        }
        return s + "names: {sticky: {policy: hash, endpoints: [pool]}}";
    }

    @Test
    void hashKeepsASubnetOnOneEndpoint() throws Exception {
        GslbName sticky = load(pool(5));
        List<String> first = answer(sticky, Type.A, subnet("198.18.7.0", 24));
        for (int i = 0; i < 50; i++) {
            assertEquals(first, answer(sticky, Type.A, subnet("198.18.7.0", 24)));
            assertEquals(first, answer(sticky, Type.A, client("198.18.7." + i)), "same /24 without ECS");
        }
    }

    @Test
    void removingOneOfTenEndpointsMovesOnlyItsClients() throws Exception {
        GslbName sticky = load(pool(10));
        int clients = 20_000;
        int moved = 0;
        for (int i = 0; i < clients; i++) {
            String subnet = "198." + (18 + (i >> 16)) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
            String before = answer(sticky, Type.A, client(subnet)).get(0);
            String after = answer(sticky, Type.A, client(subnet, "pool/lb3")).get(0);
            if (!before.equals(after)) {
                moved++;
                assertEquals("192.0.2.4", before, "only clients of the removed endpoint move");
            }
        }
        double fraction = moved / (double) clients;
        assertTrue(fraction > 0.07 && fraction < 0.13, "moved " + fraction);
    }

    @Test
    void hashScopeIsItsPrefixWithinTheSource() throws Exception {
        GslbName sticky = load(pool(3));
        assertEquals(16, sticky.answer(Type.A, subnet("198.18.0.0", 16)).scope());
        assertEquals(24, sticky.answer(Type.A, subnet("198.18.7.128", 25)).scope());
    }

    @Test
    void multivalueAnswersUpToNHealthyEndpoints() throws Exception {
        GslbName many = load("names: {many: {chain: [health, {multivalue: {count: 2}}]}}");
        assertEquals(List.of("192.0.2.20", "198.51.100.20"), answer(many, Type.A, client(LONDON)));
        assertEquals(List.of("198.51.100.20", "203.0.113.20"), answer(many, Type.A, client(LONDON, "eu-west/lb")));
    }

    @Test
    void latencyPicksTheFastestMeasuredRegion() throws Exception {
        GslbName fast = load("names: {fast: {policy: latency}}");
        QueryContext context = PolicyFixture.withLatency(LONDON, PolicyFixture.measured(
                Map.of(LONDON, Map.of("us-west", 20.0, "eu-west", 80.0))));
        assertEquals(List.of("203.0.113.20"), answer(fast, Type.A, context));
    }

    @Test
    void latencySkipsAFasterRegionThatIsDown() throws Exception {
        GslbName fast = load("names: {fast: {chain: [health, latency]}}");
        LatencySnapshot measured = PolicyFixture.measured(
                Map.of(LONDON, Map.of("us-west", 20.0, "us-east", 50.0, "eu-west", 80.0)));
        QueryContext context = new QueryContext(InetAddress.getByName(LONDON), 0, false, PolicyFixture.GEO,
                PolicyFixture.client(LONDON, "us-west/lb").health(), measured);
        assertEquals(List.of("198.51.100.20"), answer(fast, Type.A, context));
    }

    @Test
    void latencyWithoutDataForTheNetworkUsesItsCountrysMeasuredNetworks() throws Exception {
        GslbName fast = load("names: {fast: {policy: latency}}");
        // Another London network was measured; this one was not.
        QueryContext context = PolicyFixture.withLatency("10.1.9.1", PolicyFixture.measured(
                Map.of(LONDON, Map.of("us-east", 30.0, "eu-west", 90.0))));
        assertEquals(List.of("198.51.100.20"), answer(fast, Type.A, context));
    }

    @Test
    void latencyWithoutMeasurementsFallsBackToGeoproximity() throws Exception {
        GslbName fast = load("names: {fast: {policy: latency}}");
        assertEquals(List.of("192.0.2.20"), answer(fast, Type.A, client(LONDON)));
        assertEquals(List.of("203.0.113.20"), answer(fast, Type.A, client(SEATTLE)));
    }

    @Test
    void latencyScopeIsTheMeasuredNetworksPrefix() throws Exception {
        GslbName fast = load("names: {fast: {policy: latency}}");
        LatencySnapshot measured = PolicyFixture.measured(Map.of(LONDON, Map.of("us-west", 20.0)));
        QueryContext context = new QueryContext(InetAddress.getByName(LONDON), 32, true, PolicyFixture.GEO,
                HealthTable.ALL_UP, measured);
        assertEquals(24, fast.answer(Type.A, context).scope());
    }

    @Test
    void cidrOverrideWinsOverTheDatabase() throws Exception {
        GslbName www = load("""
                overrides:
                  - {network: 10.1.5.0/24, regions: [us-west]}
                  - {network: "2001:db8:1:5::/64", regions: [us-east]}
                names: {www: {policy: geoproximity}}
                """);
        assertEquals(List.of("203.0.113.20"), answer(www, Type.A, client("10.1.5.9")));
        assertEquals(List.of("192.0.2.20"), answer(www, Type.A, client("10.1.6.9")));
        assertEquals(List.of("198.51.100.20"), answer(www, Type.A, client("2001:db8:1:5::1")));
        assertEquals(List.of("192.0.2.20"), answer(www, Type.A, client("2001:db8:1:6::1")));
        assertEquals(24, www.answer(Type.A, subnet("10.1.5.0", 24)).scope());
    }

    private static final String[] ALL_DOWN = {"eu-west/lb", "us-east/lb", "us-west/lb"};

    @ParameterizedTest(name = "all-down {0} answers {1}")
    @CsvSource(delimiter = '|', value = {
            "return-all|203.0.113.20",
            "first-tier|192.0.2.20",
            "{backup: 192.0.2.250}|192.0.2.250",
            "{backup: sorry.example.net.}|CNAME sorry.example.net.",
            "nodata|NODATA",
            "servfail|SERVFAIL"})
    void everyAllDownMode(String mode, String expected) throws Exception {
        GslbName www = load("names: {www: {policy: geoproximity, all-down: " + mode + "}}");
        assertEquals(List.of(expected), answer(www, Type.A, client(SEATTLE, ALL_DOWN)));
        assertEquals(1, www.chain().allDownAnswers());
    }

    @Test
    void backupAddressOfTheOtherFamilyIsNodata() throws Exception {
        GslbName www = load("names: {www: {policy: geoproximity, all-down: {backup: 192.0.2.250}}}");
        assertEquals(List.of("NODATA"), answer(www, Type.AAAA, client(SEATTLE, ALL_DOWN)));
    }

    @ParameterizedTest(name = "a health bound of {0} s is rounded down to the TTL step {1}")
    @CsvSource({"5,5", "9,5", "10,10", "59,30", "299,120", "3600,3600", "100000,3600"})
    void healthBoundsAreRoundedDownToAFewTtlSteps(long seconds, long step) {
        assertEquals(step, GslbName.step(seconds));
    }

    @ParameterizedTest(name = "a change possible within {0} s gives TTL {1}")
    @CsvSource({"9223372036854775807,30", "60,30", "29,20", "12,10", "2,5", "0,5"})
    void answerTtlFollowsHowSoonHealthMayChange(long boundSeconds, long ttl) throws Exception {
        GslbName www = load("names: {www: {policy: geoproximity}}");
        HealthView failing = new ChangingHealth(Duration.ofSeconds(boundSeconds));
        DynamicAnswer answer = www.answer(Type.A, PolicyFixture.withHealth(LONDON, failing));
        assertEquals(ttl, ((DynamicAnswer.Records) answer).rrset().getTTL());
        assertEquals(List.of("192.0.2.20"), answer(www, Type.A, PolicyFixture.withHealth(LONDON, failing)));
    }

    @Test
    void failingOpenIsTheDefault() throws Exception {
        GslbName www = load("names: {www: {policy: geoproximity}}");
        assertEquals(List.of("192.0.2.20"), answer(www, Type.A, client(LONDON, ALL_DOWN)));
        assertEquals(new AllDownMode.ReturnAll(), www.chain().allDownMode());
    }
}
