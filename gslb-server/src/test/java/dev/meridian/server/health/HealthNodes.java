package dev.meridian.server.health;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.testing.ClusterPorts;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.config.HealthOptions;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.notify.NotifyOptions;
import dev.meridian.server.testing.TestZones;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * DNS nodes for health tests: real servers on loopback answering {@code www.gslb.example} by failover from eu
 * (192.0.2.20) to us (198.51.100.20), each region's health checked over HTTP against a {@link Backend}.
 */
final class HealthNodes {
    static final String EU = "192.0.2.20";
    static final String US = "198.51.100.20";
    /** Checks every 200 ms: down after 3 failures, up after 2 successes. */
    static final String CHECK = "interval: 200ms, timeout: 100ms, rise: 2, fall: 3";

    /** The test zone without its static www records, which the policy's GSLB name takes. */
    static final String ZONE = TestZones.EXAMPLE.replace("www      IN A    192.0.2.10\n", "")
            .replace("www      IN AAAA 2001:db8::10\n", "");

    private HealthNodes() {
    }

    /** Writes the zone and the policy whose checks probe the two backends. */
    static Path zones(Path dir, Backend eu, Backend us) throws IOException {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), ZONE);
        Files.writeString(zones.resolve("gslb.example.policy.yaml"), """
                regions:
                  eu:
                    check: {type: http, address: 127.0.0.1, port: %d, path: /health, %s}
                    endpoints: {lb: {addresses: [%s]}}
                  us:
                    check: {type: http, address: 127.0.0.1, port: %d, path: /health, %s}
                    endpoints: {lb: {addresses: [%s]}}
                names:
                  www: {chain: [health, {failover: {priority: [eu, us]}}], ttl: 30}
                """.formatted(eu.port(), CHECK, EU, us.port(), CHECK, US));
        return zones;
    }

    /** A node's health options: its own state file, failback at once, no cluster unless added. */
    static HealthOptions options(Path stateDir, String region, boolean agent) {
        return HealthOptions.DEFAULT.withRegion(region).withEmbeddedAgent(agent)
                .withStateFile(stateDir.resolve("health.state")).withFailbackDelay(Duration.ZERO);
    }

    static MeridianServer start(Path zones, String identity, HealthOptions health) throws ConfigException {
        return start(zones, identity, health, NotifyOptions.NONE);
    }

    /** A node that posts its events to webhooks. */
    static MeridianServer start(Path zones, String identity, HealthOptions health, NotifyOptions notify)
            throws ConfigException {
        return MeridianServer.start(new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, identity,
                TcpLimits.DEFAULT, ServerConfig.DEFAULT_GEO_DATABASES, health).withNotifications(notify));
    }

    /** A node with the admin API on a loopback port, so that it keeps metrics ({@link MeridianServer#metricsText()}). */
    static MeridianServer startWithMetrics(Path zones, String identity, HealthOptions health)
            throws ConfigException {
        return MeridianServer.start(new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones,
                identity, TcpLimits.DEFAULT, ServerConfig.DEFAULT_GEO_DATABASES, health,
                AdminOptions.loopback(0, List.of(AdminToken.of("r", AdminToken.Access.READ_ONLY, "metrics-reader")))));
    }

    /** A series' value in the node's metrics, or NaN when they do not have it. */
    static double metric(MeridianServer node, String series) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(series)
                + " ([0-9.Ee+-]+|NaN)$", java.util.regex.Pattern.MULTILINE).matcher(node.metricsText());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** A cluster's member list on free loopback ports (each with its vote port, the next one, free too). */
    static List<HostPort> members(int count) throws IOException {
        List<HostPort> members = new java.util.ArrayList<>();
        while (members.size() < count) {
            members.add(HostPort.parse("127.0.0.1:" + ClusterPorts.free(), HostPort.DNS_PORT));
        }
        return members;
    }

    /** The address a node answers for www.gslb.example A. */
    static String answer(MeridianServer node) {
        return answer(node, false);
    }

    /** The address a node answers for www.gslb.example A and its TTL: {@code 198.51.100.20 ttl=30}. */
    static String answerAndTtl(MeridianServer node) {
        return answer(node, true);
    }

    private static String answer(MeridianServer node, boolean ttl) {
        try {
            Message reply = resolver(node).send(Message.newQuery(
                    Record.newRecord(Name.fromConstantString("www.gslb.example."), Type.A, DClass.IN)));
            List<Record> answer = reply.getSection(Section.ANSWER);
            return answer.isEmpty() ? "rcode " + reply.getRcode()
                    : answer.get(0).rdataToString() + (ttl ? " ttl=" + answer.get(0).getTTL() : "");
        } catch (IOException e) {
            return "no answer: " + e.getMessage();
        }
    }

    /** The node's {@code CH TXT health.meridian} text. */
    static String healthTxt(MeridianServer node) throws IOException {
        Message reply = resolver(node).send(Message.newQuery(
                Record.newRecord(Name.fromConstantString("health.meridian."), Type.TXT, DClass.CH)));
        return String.join(" ", ((TXTRecord) reply.getSection(Section.ANSWER).get(0)).getStrings());
    }

    private static SimpleResolver resolver(MeridianServer node) {
        SimpleResolver resolver = new SimpleResolver(node.boundAddresses().get(0));
        resolver.setEDNS((OPTRecord) null);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }

    /** Polls every 50 ms until the condition holds, failing after {@code limit}. */
    static void await(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        await(limit, what, () -> "", text -> condition.getAsBoolean());
    }

    /**
     * Polls {@code state} every 50 ms until {@code condition} holds for it, failing after {@code limit} with the last
     * state seen, so a failure says what the node said instead.
     */
    static void await(Duration limit, String what, Supplier<String> state, Predicate<String> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = state.get();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what
                        + (last.isEmpty() ? "" : "; last seen: " + last));
            }
            Thread.sleep(50);
            last = state.get();
        }
    }
}
