package dev.meridian.server.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.probes.health.StaticHealthView;
import dev.meridian.probes.latency.LatencyView;
import dev.meridian.server.policy.config.PolicyFileLoader;
import dev.meridian.server.request.EndpointLayer;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.request.QueryContext;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Where a chain applies a slow start, and that it applies it once. The ramp is placed around the present (half done,
 * 100 s long), so it moves by less than 1 % while a test runs.
 */
class SlowStartTest {
    private static final String REGIONS = """
            regions:
              eu:
                endpoints:
                  a: {addresses: [192.0.2.1]}
                  b: {addresses: [192.0.2.2]}
              us:
                endpoints:
                  c: {addresses: [198.51.100.3]}
            """;
    private static final int NETWORKS = 20_000;

    @TempDir
    Path dir;

    private GslbName load(String name) throws Exception {
        Path file = Files.writeString(dir.resolve("gslb.example.policy.yaml"), REGIONS + "names:\n  www: " + name);
        return PolicyFileLoader.load(file, PolicyFixture.ORIGIN, PolicyFixture.INDEX).get(0);
    }

    /** Every endpoint up; {@code ramping} half way through a slow start. */
    private static HealthTable halfRamped(String ramping) {
        String key = PolicyFileLoader.healthKey(PolicyFixture.ORIGIN, ramping);
        long now = System.currentTimeMillis();
        EndpointLayer layer = new EndpointLayer() {
            @Override
            public int weight(String healthKey) {
                return -1;
            }

            @Override
            public long rampStartMillis(String healthKey) {
                return healthKey.equals(key) ? now - 50_000 : 0;
            }

            @Override
            public long rampEndMillis(String healthKey) {
                return healthKey.equals(key) ? now + 50_000 : 0;
            }
        };
        return HealthTable.compile(new StaticHealthView(Set.of(), Instant.EPOCH), PolicyFixture.INDEX.keys(), now,
                layer);
    }

    /** The share of distinct /24s (ECS) whose answer is {@code address}. */
    private static double share(GslbName name, HealthTable table, String address) throws Exception {
        int matching = 0;
        for (int i = 0; i < NETWORKS; i++) {
            InetAddress network = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 8), (byte) i, 0});
            QueryContext context = new QueryContext(network, 24, true, PolicyFixture.GEO, table, LatencyView.NONE);
            if (PolicyFixture.answer(name, Type.A, context).equals(List.of(address))) {
                matching++;
            }
        }
        return (double) matching / NETWORKS;
    }

    @Test
    void aWeightedStepGivesARampingEndpointItsWeightTimesItsFraction() throws Exception {
        GslbName www = load("{chain: [health, weighted], endpoints: [us/c, eu/a]}");
        // a at weight 1 × 0.5 beside c at 1: a third of the answers.
        assertEquals(1 / 3.0, share(www, halfRamped("eu/a"), "192.0.2.1"), 0.02);
    }

    @Test
    void aHashStepGivesARampingEndpointItsWeightTimesItsFractionOfNetworks() throws Exception {
        GslbName www = load("{chain: [health, hash], endpoints: [us/c, eu/a]}");
        assertEquals(1 / 3.0, share(www, halfRamped("eu/a"), "192.0.2.1"), 0.02);
    }

    @Test
    void aStepThatPicksARegionLosesARampingRegionForTheNetworksItsRampHasNotReached() throws Exception {
        GslbName www = load("{chain: [health, failover], endpoints: [eu/a, us/c]}");
        assertEquals(0.5, share(www, halfRamped("eu/a"), "192.0.2.1"), 0.02);
    }

    @Test
    void aWeightedStepAfterAStepThatPickedTheRegionDoesNotRampTheEndpointAgain() throws Exception {
        // Paced before failover, a is in half the networks' answers' region, and weighted splits that region evenly:
        // a quarter. Ramped again by weight, it would be half of a third.
        GslbName www = load("{chain: [health, failover, weighted], endpoints: [eu, us]}");
        assertEquals(0.25, share(www, halfRamped("eu/a"), "192.0.2.1"), 0.02);
    }

    @Test
    void aChainWithoutAHealthStepRampsToo() throws Exception {
        GslbName www = load("{chain: [failover], endpoints: [eu/a, us/c]}");
        assertEquals(0.5, share(www, halfRamped("eu/a"), "192.0.2.1"), 0.02);
    }

    @Test
    void pacingScopesTheAnswerToTheNetworkPacedBy() throws Exception {
        GslbName www = load("{chain: [health, failover], endpoints: [eu/a, us/c]}");
        QueryContext context = new QueryContext(InetAddress.getByName("10.9.8.0"), 24, true, PolicyFixture.GEO,
                halfRamped("eu/a"), LatencyView.NONE);
        assertEquals(24, www.answer(Type.A, context).scope());
    }

    @Test
    void anEndpointRampingWithNoOtherBesideItIsNotHeldBack() throws Exception {
        GslbName www = load("{chain: [health, failover], endpoints: [eu/a]}");
        QueryContext context = new QueryContext(InetAddress.getByName("10.9.8.0"), 24, true, PolicyFixture.GEO,
                halfRamped("eu/a"), LatencyView.NONE);
        assertEquals(1.0, share(www, halfRamped("eu/a"), "192.0.2.1"));
        assertEquals(0, www.answer(Type.A, context).scope());
    }
}
