package dev.meridian.server.policy;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.health.HealthView;
import dev.meridian.probes.health.StaticHealthView;
import dev.meridian.probes.latency.ClientNetwork;
import dev.meridian.probes.latency.CountryKey;
import dev.meridian.probes.latency.InMemoryLatencyMap;
import dev.meridian.probes.latency.LatencyMap;
import dev.meridian.probes.latency.LatencySample;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.probes.latency.LatencySnapshot;
import dev.meridian.probes.latency.LatencySnapshotBuilder;
import dev.meridian.probes.latency.LatencySource;
import dev.meridian.probes.latency.LatencyView;
import dev.meridian.server.policy.config.PolicyFileLoader;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.request.QueryContext;
import dev.meridian.server.testing.FixedGeoLocator;
import dev.meridian.server.zone.DynamicAnswer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * Three regions with one load balancer each, a test geo database placing clients near each of them, and helpers to
 * load a GSLB name written in policy YAML and ask it questions.
 */
final class PolicyFixture {
    static final Name ORIGIN = name("gslb.example.");

    /** London, Ashburn and Seattle, with IPv6 everywhere but us-west. */
    static final String REGIONS = """
            regions:
              eu-west:
                latitude: 51.5
                longitude: -0.1
                endpoints:
                  lb: {addresses: [192.0.2.20, "2001:db8:e::20"]}
              us-east:
                latitude: 39.0
                longitude: -77.5
                endpoints:
                  lb: {addresses: [198.51.100.20, "2001:db8:a::20"]}
              us-west:
                latitude: 47.6
                longitude: -122.3
                endpoints:
                  lb: {addresses: [203.0.113.20]}
            """;

    static final String LONDON = "10.1.0.1";
    static final String VIRGINIA = "10.2.0.1";
    static final String SEATTLE = "10.3.0.1";
    static final String TOKYO = "10.4.0.1";
    static final String UNKNOWN = "172.16.0.1";

    static final FixedGeoLocator GEO = new FixedGeoLocator()
            .place("10.1.0.0/16", "EU", "GB", "GB-ENG", 51.5, -0.1)
            .place("10.2.0.0/16", "NA", "US", "US-VA", 39.0, -77.5)
            .place("10.3.0.0/20", "NA", "US", "US-WA", 47.6, -122.3)
            .place("10.4.0.0/16", "AS", "JP", "JP-13", 35.7, 139.7)
            .place("2001:db8:1::/48", "EU", "DE", "DE-HE", 50.1, 8.7);

    /** One index for every file the fixture loads, as a server keeps one across reloads. */
    static final EndpointIndex INDEX = new EndpointIndex();

    private PolicyFixture() {
    }

    /** Loads the first GSLB name of a policy file made of {@link #REGIONS} and the given text. */
    static GslbName load(Path dir, String more) throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("gslb.example.policy.yaml"), REGIONS + more);
        return PolicyFileLoader.load(file, ORIGIN, INDEX).get(0);
    }

    /** A query context for a client without ECS, with the given endpoints down. */
    static QueryContext client(String address, String... down) {
        return context(address, 0, false, down);
    }

    /** A query context for an ECS subnet. */
    static QueryContext subnet(String address, int sourcePrefix, String... down) {
        return context(address, sourcePrefix, true, down);
    }

    static QueryContext context(String address, int sourcePrefix, boolean ecs, String... down) {
        HealthView health = new StaticHealthView(Set.of(down).stream()
                .map(id -> PolicyFileLoader.healthKey(ORIGIN, id)).collect(java.util.stream.Collectors.toSet()),
                Instant.EPOCH);
        return new QueryContext(address(address), sourcePrefix, ecs, GEO, table(health), LatencyView.NONE);
    }

    /** A query context reading health from the given view, compiled as the server compiles it. */
    static QueryContext withHealth(String address, HealthView health) {
        return new QueryContext(address(address), 0, false, GEO, table(health), LatencyView.NONE);
    }

    static QueryContext withLatency(String address, LatencyView latency) {
        return new QueryContext(address(address), 0, false, GEO, HealthTable.ALL_UP, latency);
    }

    /** A latency snapshot built from one fresh sample per region for the /24 or /48 of each given client. */
    static LatencySnapshot measured(Map<String, Map<String, Double>> rttsByClient) {
        LatencyMap map = new InMemoryLatencyMap(LatencySettings.DEFAULTS, Clock.systemUTC());
        long now = System.currentTimeMillis();
        rttsByClient.forEach((client, rtts) -> rtts.forEach((region, rtt) -> map.record(new LatencySample(
                ClientNetwork.of(address(client), LatencySettings.DEFAULTS), region, rtt, now, LatencySource.ACTIVE))));
        return new LatencySnapshotBuilder(LatencySettings.DEFAULTS,
                network -> CountryKey.of(GEO.locate(network.address()).country()))
                .build(map.entries(), LatencySnapshot.EMPTY, now);
    }

    private static HealthTable table(HealthView health) {
        return HealthTable.compile(health, INDEX.keys(), System.currentTimeMillis());
    }

    /** The addresses (or CNAME target) an answer gives, as text. */
    static List<String> answer(GslbName name, int qtype, QueryContext context) {
        DynamicAnswer answer = name.answer(qtype, context);
        if (answer instanceof DynamicAnswer.Records r) {
            return rdata(r.rrset());
        }
        if (answer instanceof DynamicAnswer.Alias a) {
            return List.of("CNAME " + rdata(a.cname()).get(0));
        }
        return List.of(answer instanceof DynamicAnswer.NoData ? "NODATA" : "SERVFAIL");
    }

    private static List<String> rdata(RRset set) {
        return set.rrs(false).stream().map(Record::rdataToString).toList();
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
