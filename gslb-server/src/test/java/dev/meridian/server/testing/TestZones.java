package dev.meridian.server.testing;

/** Zone texts for tests; each name is there for a behaviour a test checks. */
public final class TestZones {
    /**
     * Writes the test zone, with {@code policy} beside it, into {@code dir}/zones, the directory a server's
     * configuration names; returns it.
     */
    public static java.nio.file.Path write(java.nio.file.Path dir, String policy) throws java.io.IOException {
        java.nio.file.Path zones = java.nio.file.Files.createDirectories(dir.resolve("zones"));
        java.nio.file.Files.writeString(zones.resolve("gslb.example.zone"), EXAMPLE);
        java.nio.file.Files.writeString(zones.resolve("gslb.example.policy.yaml"), policy);
        return zones;
    }

    private TestZones() {
    }

    /** A TXT RRset of about 700 bytes: too large for 512 bytes, fits in TCP and in 1232. */
    public static final String BIG_TXT = "\"" + "a".repeat(200) + "\" \"" + "b".repeat(200) + "\" \""
            + "c".repeat(200) + "\" \"" + "d".repeat(100) + "\"";

    /** A TXT RRset of about 1600 bytes: larger than any UDP reply we send. */
    public static final String HUGE_TXT = String.join(" ", java.util.Collections.nCopies(8, "\"" + "h".repeat(200) + "\""));

    /** Forty A records (about 640 bytes): cut whole, never in part. */
    public static final String MANY_A = java.util.stream.IntStream.rangeClosed(1, 40)
            .mapToObj(i -> "many     IN A    192.0.2." + i).collect(java.util.stream.Collectors.joining("\n"));

    public static final String EXAMPLE = """
            $ORIGIN gslb.example.
            $TTL 300
            @        IN SOA  ns1 hostmaster 2026112401 3600 900 1209600 60
            @        IN NS   ns1
            @        IN NS   ns2.elsewhere.example.
            @        IN MX   10 mail
            @        IN A    192.0.2.1
            ns1      IN A    192.0.2.53
            ns1      IN AAAA 2001:db8::53
            mail     IN A    192.0.2.25
            mail     IN AAAA 2001:db8::25
            www      IN A    192.0.2.10
            www      IN AAAA 2001:db8::10
            api      IN CNAME edge
            edge     IN CNAME www
            gone     IN CNAME missing
            out      IN CNAME www.elsewhere.example.
            loop1    IN CNAME loop2
            loop2    IN CNAME loop1
            _sip._udp IN SRV 10 60 5060 sip
            sip      IN A    192.0.2.60
            big      IN TXT  %s
            huge     IN TXT  %s
            %s
            *.wild   IN A    192.0.2.99
            *.wild   IN TXT  "wildcard"
            alias.w  IN CNAME www
            *.cw     IN CNAME www
            host.wild IN A   192.0.2.98
            deep.a.b IN A    192.0.2.77
            sub      IN NS   ns.sub
            sub      IN NS   ns.elsewhere.example.
            ns.sub   IN A    192.0.2.153
            """.formatted(BIG_TXT, HUGE_TXT, MANY_A);

    /** GSLB names for {@link #EXAMPLE} ({@code gslb.example.policy.yaml}): one per kind of decision. */
    public static final String EXAMPLE_POLICY = """
            regions:
              eu: {latitude: 51.5, longitude: -0.1, endpoints: {lb: {addresses: [192.0.2.20, "2001:db8:e::20"]}}}
              us: {latitude: 39.0, longitude: -77.5, endpoints: {lb: {addresses: [198.51.100.20]}}}
              cdn: {endpoints: {edge: {cname: edge.cdn.example.net.}}}
            overrides:
              - {network: 10.9.0.0/16, regions: [us]}
            names:
              geo: {policy: geoproximity, endpoints: [eu, us]}
              sticky: {policy: hash, endpoints: [eu, us]}
              alias: {policy: failover, endpoints: [cdn, eu]}
              down: {chain: [health, failover], endpoints: [us], all-down: servfail}
            """;
}
