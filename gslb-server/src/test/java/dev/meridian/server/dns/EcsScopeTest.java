package dev.meridian.server.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.server.geo.GeoBuildCommand;
import dev.meridian.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The ECS scope over a real socket, with a database built by {@code geo-build}: the widest network that gets the
 * same answer, wider than the client's own database network when its neighbours lead to the same regions, and
 * longer than the source prefix when the source is too coarse to decide.
 */
class EcsScopeTest {
    /** Networks shaped like MaxMind's test data around 81.2.69.0/24, and neighbours that agree or not. */
    static final String NETWORKS = """
            network,continent,country,subdivision,latitude,longitude
            81.2.69.142/31,EU,GB,GB-ENG,51.5142,-0.0931
            81.2.69.144/28,EU,GB,GB-ENG,51.5142,-0.0931
            81.2.69.160/27,EU,GB,GB-ENG,51.5142,-0.0931
            81.2.69.192/28,EU,GB,GB-ENG,51.5142,-0.0931
            10.0.0.0/16,EU,GB,GB-ENG,51.5,-0.1
            10.1.0.0/16,EU,GB,GB-ENG,51.5,-0.1
            10.2.0.0/16,NA,US,US-VA,39.0,-77.5
            10.3.0.0/17,NA,US,US-WA,47.6,-122.3
            10.3.128.0/17,NA,US,US-WA,47.0,-122.0
            10.4.0.0/24,AS,JP,JP-13,35.7,139.7
            10.4.1.0/24,,,,,
            10.5.0.0/16,EU,FR,,48.8,2.3
            2001:db8:1::/48,EU,DE,DE-HE,50.1,8.7
            2001:db8:2::/48,EU,DE,DE-HE,50.1,8.7
            2001:db8:3::/48,NA,US,US-VA,39.0,-77.5
            2001:db8:4::/47,NA,US,US-WA,47.6,-122.3
            """;

    static final String ZONE = """
            $ORIGIN scope.example.
            $TTL 300
            @ IN SOA ns1 hostmaster 1 3600 900 1209600 60
              IN NS ns1
            ns1 IN A 192.0.2.53
            """;

    static final String POLICY = """
            regions:
              eu-west:
                latitude: 51.5
                longitude: -0.1
                endpoints:
                  lb: {addresses: [192.0.2.20, "2001:db8:e::20"]}
                  lb2: {addresses: [192.0.2.21]}
              us-east:
                latitude: 39.0
                longitude: -77.5
                endpoints:
                  lb: {addresses: [198.51.100.20, "2001:db8:a::20"]}
                  lb2: {addresses: [198.51.100.21]}
              us-west:
                latitude: 47.6
                longitude: -122.3
                endpoints:
                  lb: {addresses: [203.0.113.20]}
            overrides:
              - {network: 10.2.128.0/17, regions: [us-west]}
              - {network: 10.3.64.0/18, regions: [eu-west]}
              - {network: 10.6.0.0/16, regions: [us-east, eu-west]}
              - {network: 10.6.3.0/24, regions: [eu-west]}
              - {network: "2001:db8:3:8000::/49", regions: [eu-west]}
            names:
              near:
                endpoints: [eu-west/lb, us-east/lb, us-west/lb]
                policy: geoproximity
              fence:
                endpoints: [eu-west/lb, us-east/lb, us-west/lb]
                chain:
                  - geofence:
                      subdivisions: {US-WA: [us-west, us-east]}
                      countries: {US: [us-east, us-west], GB: [eu-west, us-east]}
                      continents: {EU: [eu-west, us-east]}
                      default: [us-east, eu-west]
                  - health
                  - failover
              fast:
                endpoints: [eu-west/lb, us-east/lb, us-west/lb]
                policy: latency
              chain:
                endpoints: [eu-west/lb, eu-west/lb2, us-east/lb, us-east/lb2, us-west/lb]
                chain:
                  - geofence:
                      countries: {US: [us-east, us-west]}
                      default: [eu-west, us-east, us-west]
                  - health
                  - {geoproximity: {regions: 2}}
                  - {failover: {priority: [us-east, eu-west, us-west]}}
                  - {hash: {ipv4-prefix: 20, ipv6-prefix: 40}}
            """;

    /** Bases the random client networks are drawn near, so most of them meet a listed network or an override. */
    static final String[] IPV4_NEAR = {"10.0.0.0", "10.1.0.0", "10.2.0.0", "10.3.0.0", "10.4.0.0", "10.5.0.0",
        "10.6.0.0", "81.2.69.0", "81.2.68.0"};
    static final String[] IPV6_NEAR = {"2001:db8:1::", "2001:db8:2::", "2001:db8:3::", "2001:db8:4::",
        "2001:db8:5::", "2001:db8::"};

    private static Path dir;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("meridian-scope");
        Path csv = Files.writeString(dir.resolve("networks.csv"), NETWORKS);
        Path database = dir.resolve("scope.mmdb");
        int built = new picocli.CommandLine(new GeoBuildCommand()).execute("--csv", csv.toString(), "--out",
                database.toString(), "--build-epoch", "1767225600");
        assertEquals(0, built, "geo-build");
        server = TestServer.withPolicy(dir, "scope.example.", ZONE, POLICY, database);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"near", "fence"})
    void aSourceTooCoarseToDecideGetsTheLongerScopeThatHolds(String name) throws IOException {
        // 81.2.69.0 is in no network, but 81.2.69.142/31 and others in the upper half of the /24 are in London.
        Reply reply = ask(name, "81.2.69.0", 24);
        assertEquals(25, reply.scope());
        assertEquals(reply.addresses(), ask(name, "81.2.69.127", 32).addresses());
        assertEquals(List.of("192.0.2.20"), ask(name, "81.2.69.160", 27).addresses(), "London is eu-west");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"near", "fence"})
    void neighbouringNetworksWithTheSameRegionsShareOneScope(String name) throws IOException {
        // 10.0.0.0/16 and 10.1.0.0/16 are both London; 10.2.0.0/16 is Virginia.
        Reply reply = ask(name, "10.0.7.0", 24);
        assertEquals(List.of("192.0.2.20"), reply.addresses());
        assertEquals(15, reply.scope());
    }

    @Test
    void aHashStepKeepsItsPrefix() throws IOException {
        assertEquals(20, ask("chain", "10.0.16.0", 24).scope());
        assertEquals(16, ask("chain", "10.0.0.0", 16).scope());
    }

    @Test
    void anOverrideInsideAnOverrideBoundsTheOuterOnesScope() throws IOException {
        // 10.6.0.0/16 goes to us-east, except 10.6.3.0/24: an answer for 10.6.0.0/22 would not hold for all of it.
        Reply outer = ask("fence", "10.6.0.0", 24);
        assertEquals(List.of("198.51.100.20"), outer.addresses());
        assertEquals(23, outer.scope());
        assertEquals(List.of("192.0.2.20"), ask("fence", "10.6.3.0", 24).addresses());
    }

    /**
     * For random client networks of both families and random source prefixes, every address inside the scope that
     * comes back gets the same answer. Names that place clients only are asked for each sampled address alone (its
     * full length); the chain with a hash step as the resolver asked, with the same source prefix.
     */
    @Test
    void everyAddressInsideTheScopeGetsTheSameAnswer() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[] names = {"near", "fence", "fast", "chain"};
        for (int round = 0; round < 160; round++) {
            boolean ipv4 = random.nextBoolean();
            byte[] client = clientAddress(random, ipv4);
            int bits = client.length * 8;
            int source = 1 + random.nextInt(bits);
            mask(client, source);
            String name = names[round % names.length];
            String address = InetAddress.getByAddress(client).getHostAddress();
            Reply reply = ask(name, address, source);
            boolean hashes = name.equals("chain");
            int sampleSource = hashes ? source : bits;
            if (hashes && reply.scope() > source) {
                continue; // the resolver's next query for this network is this one
            }
            for (int sample = 0; sample < 12; sample++) {
                byte[] inside = inside(random, client, reply.scope(), sample);
                mask(inside, sampleSource);
                String other = InetAddress.getByAddress(inside).getHostAddress();
                assertEquals(reply.addresses(), ask(name, other, sampleSource).addresses(),
                        () -> "seed " + seed + ": " + name + " for " + address + "/" + source + " answered "
                                + reply.addresses() + " with scope " + reply.scope() + ", but " + other + "/"
                                + sampleSource + " gets another answer");
            }
        }
    }

    /** Mostly near a listed network or override, sometimes anywhere. */
    private static byte[] clientAddress(Random random, boolean ipv4) throws IOException {
        byte[] address = new byte[ipv4 ? 4 : 16];
        random.nextBytes(address);
        if (random.nextInt(5) > 0) {
            String[] near = ipv4 ? IPV4_NEAR : IPV6_NEAR;
            byte[] base = InetAddress.getByName(near[random.nextInt(near.length)]).getAddress();
            int keep = ipv4 ? 2 : 6; // the base's /16 or /48, random below it
            System.arraycopy(base, 0, address, 0, keep);
        }
        return address;
    }

    /** The block's first address, its last, or one at random inside it. */
    private static byte[] inside(Random random, byte[] network, int prefix, int sample) {
        byte[] out = network.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            boolean one = sample == 1 || sample > 1 && random.nextBoolean();
            int mask = 0x80 >>> (bit & 7);
            out[bit >>> 3] = (byte) (one ? out[bit >>> 3] | mask : out[bit >>> 3] & ~mask);
        }
        return out;
    }

    private static void mask(byte[] address, int prefix) {
        for (int bit = prefix; bit < address.length * 8; bit++) {
            address[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
    }

    record Reply(List<String> addresses, int scope) {
    }

    private static Reply ask(String name, String address, int source) throws IOException {
        Message query = TestServer.newQuery(name + ".scope.example.", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 0, 0,
                new ClientSubnetOption(source, InetAddress.getByName(address))), Section.ADDITIONAL);
        Message reply = server.udp().send(query);
        List<String> addresses = new ArrayList<>();
        for (Record r : reply.getSection(Section.ANSWER)) {
            addresses.add(r.rdataToString());
        }
        ClientSubnetOption ecs = (ClientSubnetOption) reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
        return new Reply(addresses, ecs.getScopePrefixLength());
    }
}
