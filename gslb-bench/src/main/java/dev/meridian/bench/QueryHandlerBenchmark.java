package dev.meridian.bench;

import dev.meridian.probes.latency.LatencyView;
import dev.meridian.server.config.HealthOptions;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.dns.QueryHandler;
import dev.meridian.server.dns.QueryPipeline;
import dev.meridian.server.dns.Stages;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.geo.GeoBuildCommand;
import dev.meridian.server.health.HealthReport;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.serving.ReloadResult;
import dev.meridian.server.serving.ServingSnapshot;
import dev.meridian.server.serving.SnapshotLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One query through {@link QueryPipeline#handle}, bytes in and bytes out, for each kind of query the server answers
 * most: a static A record, a name that does not exist, a GSLB name placed by the client subnet (a different /24 on
 * each query), and a GSLB name whose chain has five steps. Every query carries EDNS, as resolvers' queries do. The
 * snapshot is built by {@link SnapshotLoader}, as the server builds it, health is all up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+UseG1GC"})
public class QueryHandlerBenchmark {
    /** Distinct queries of the kinds that vary, cycled through so no answer is the same twice in a row. */
    private static final int VARIANTS = 1024;

    static final String ZONE = """
            $ORIGIN bench.example.
            $TTL 300
            @ IN SOA ns1 hostmaster 1 3600 900 1209600 60
              IN NS ns1
              IN NS ns2
            ns1 IN A 192.0.2.53
            ns2 IN A 198.51.100.53
            static IN A 192.0.2.80
            """;

    static final String POLICY = """
            regions:
              eu-west:
                latitude: 51.51
                longitude: -0.13
                endpoints:
                  lb: {addresses: [192.0.2.20, "2001:db8:e::20"]}
                  lb2: {addresses: [192.0.2.21]}
              us-east:
                latitude: 39.04
                longitude: -77.49
                endpoints:
                  lb: {addresses: [198.51.100.20, "2001:db8:a::20"]}
                  lb2: {addresses: [198.51.100.21]}
              us-west:
                latitude: 47.61
                longitude: -122.33
                endpoints:
                  lb: {addresses: [203.0.113.20]}
            overrides:
              - {network: 10.200.0.0/16, regions: [us-west, us-east]}
            names:
              geo:
                endpoints: [eu-west/lb, us-east/lb, us-west/lb]
                policy: geoproximity
              chain:
                chain:
                  - geofence:
                      countries: {US: [us-east, us-west]}
                      default: [eu-west, us-east, us-west]
                  - health
                  - {geoproximity: {regions: 2}}
                  - {failover: {priority: [us-east, eu-west, us-west]}}
                  - {hash: {ipv4-prefix: 24, ipv6-prefix: 48}}
            """;

    /** Clients in London, Virginia, Seattle and Tokyo, a /16 each, and unlisted space around them. */
    static final String NETWORKS = """
            network,continent,country,subdivision,latitude,longitude
            10.1.0.0/16,EU,GB,GB-ENG,51.5074,-0.1278
            10.2.0.0/16,NA,US,US-VA,39.0438,-77.4874
            10.3.0.0/16,NA,US,US-WA,47.6062,-122.3321
            10.4.0.0/16,AS,JP,JP-13,35.6895,139.6917
            """;

    private Path dir;
    private QueryHandler handler;
    private InetAddress source;
    private byte[] staticA;
    private byte[][] nxdomain;
    /** {@code compiled}: the query path as it serves; {@code full}: every query through the full path. */
    @Param({"compiled", "full"})
    public String path;

    private byte[][] geoEcs;
    private byte[][] chainEcs;
    private int next;

    @Setup(Level.Trial)
    public void load() throws Exception {
        dir = Files.createTempDirectory("meridian-bench");
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("bench.example.zone"), ZONE);
        Files.writeString(zones.resolve("bench.example.policy.yaml"), POLICY);
        Path csv = Files.writeString(dir.resolve("networks.csv"), NETWORKS);
        Path database = dir.resolve("bench.mmdb");
        int built = new picocli.CommandLine(new GeoBuildCommand()).execute("--csv", csv.toString(), "--out",
                database.toString(), "--build-epoch", "1767225600");
        if (built != 0) {
            throw new IllegalStateException("geo-build failed");
        }
        ServerConfig config = new ServerConfig(List.of(ServerConfig.DEFAULT_LISTEN), zones, "bench", TcpLimits.DEFAULT,
                List.of(database), HealthOptions.DEFAULT);
        ServingSnapshot snapshot = SnapshotLoader.load(config, null, new EndpointIndex(), Clock.systemUTC());
        ReloadResult loaded = new ReloadResult.Loaded(Instant.now(), "start", snapshot.version(), Duration.ZERO);
        // The full path is the reference the compiled replies are made from; an observer that needs the parsed query
        // keeps a pipeline on it.
        Stages stages = path.equals("full") ? Stages.NONE.withObserver((query, from, answer, t, reply, nanos) -> { })
                : Stages.NONE;
        QueryPipeline pipeline = new QueryPipeline(() -> snapshot, () -> HealthTable.ALL_UP, () -> LatencyView.NONE,
                () -> new HealthReport(0, "00000000", 0, 0, 0), () -> loaded, "bench", stages);
        pipeline.compileAnswers();
        handler = pipeline;
        source = InetAddress.getByName("127.0.0.1");

        staticA = query("static.bench.example.", null);
        nxdomain = new byte[VARIANTS][];
        geoEcs = new byte[VARIANTS][];
        chainEcs = new byte[VARIANTS][];
        for (int i = 0; i < VARIANTS; i++) {
            nxdomain[i] = query("nx-" + i + ".bench.example.", null);
            // /24s across the four placed /16s, the override and unlisted space
            InetAddress client = InetAddress.getByAddress(new byte[] {10, (byte) (1 + i % 6), (byte) (i / 6), 0});
            geoEcs[i] = query("geo.bench.example.", new ClientSubnetOption(24, client));
            chainEcs[i] = query("chain.bench.example.", new ClientSubnetOption(24, client));
        }
        check(staticA);
        check(geoEcs[0]);
        check(chainEcs[0]);
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public byte[] staticA() {
        return handler.handle(staticA, Transport.UDP, source);
    }

    @Benchmark
    public byte[] nxdomain() {
        return handler.handle(nxdomain[next++ & (VARIANTS - 1)], Transport.UDP, source);
    }

    @Benchmark
    public byte[] geoWithEcs() {
        return handler.handle(geoEcs[next++ & (VARIANTS - 1)], Transport.UDP, source);
    }

    @Benchmark
    public byte[] fiveStepChain() {
        return handler.handle(chainEcs[next++ & (VARIANTS - 1)], Transport.UDP, source);
    }

    private static byte[] query(String name, ClientSubnetOption ecs) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1));
        query.getHeader().unsetFlag(org.xbill.DNS.Flags.RD);
        query.addRecord(ecs == null ? new OPTRecord(1232, 0, 0) : new OPTRecord(1232, 0, 0, 0, ecs),
                Section.ADDITIONAL);
        return query.toWire();
    }

    /** A benchmark of a query that fails would measure the error path. */
    private void check(byte[] request) throws IOException {
        Message reply = new Message(handler.handle(request, Transport.UDP, source));
        if (reply.getSection(Section.ANSWER).isEmpty()) {
            throw new IllegalStateException("no answer to " + new Message(request).getQuestion() + ": " + reply);
        }
    }
}
