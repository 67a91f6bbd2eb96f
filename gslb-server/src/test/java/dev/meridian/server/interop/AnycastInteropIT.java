package dev.meridian.server.interop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anycast on one machine: two DNS nodes, each in its own network namespace with ExaBGP running the packaged server as
 * its process, peer with BIRD in a router namespace; a client namespace reaches the service address through the
 * router. Whichever node BIRD prefers answers; when its DNS stops answering (the service address is taken off the
 * host, so queries routed there are lost) its route goes within the fall time and the other node answers, and a
 * SIGTERM withdraws before the node stops answering. Needs root, {@code ip}, {@code bird}, {@code exabgp} and
 * {@code dig} (.ci/run installs them).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AnycastInteropIT {
    private static final String SERVICE = "192.0.2.53";
    private static final String CANARY = "ns1.gslb.example.";
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final int RISE = 2;
    private static final int FALL = 2;
    private static final Duration HOLD_DOWN = Duration.ofSeconds(2);
    private static final Duration DRAIN = Duration.ofSeconds(3);
    /** Detection: fall samples, each waiting out both transports' timeouts. */
    private static final Duration FALL_TIME = INTERVAL.plus(TIMEOUT.multipliedBy(2)).multipliedBy(FALL);
    /** BGP, BIRD's kernel sync and a dig that times out (1 s) on top of detection, with room for a loaded machine. */
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final Pattern NSID = Pattern.compile("; NSID: .*\\(\"(node-[ab])\"\\)");

    @TempDir
    Path work;

    private final NetworkNamespaces net = new NetworkNamespaces();
    private String router;
    private String client;
    private final Map<String, String> nodes = new java.util.LinkedHashMap<>();

    @AfterEach
    void cleanUp() throws Exception {
        net.close();
    }

    @BeforeEach
    void buildTheNetwork() throws Exception {
        router = net.add("r");
        client = net.add("c");
        nodes.put("node-a", net.add("a"));
        nodes.put("node-b", net.add("b"));
        net.link(router, "ra", "10.99.1.1/30", nodes.get("node-a"), "eth0", "10.99.1.2/30");
        net.link(router, "rb", "10.99.2.1/30", nodes.get("node-b"), "eth0", "10.99.2.2/30");
        net.link(router, "rc", "10.99.3.1/30", client, "eth0", "10.99.3.2/30");
        net.exec(router, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        net.ip("-n", nodes.get("node-a"), "route", "add", "default", "via", "10.99.1.1");
        net.ip("-n", nodes.get("node-b"), "route", "add", "default", "via", "10.99.2.1");
        net.ip("-n", client, "route", "add", "default", "via", "10.99.3.1");
        for (String ns : nodes.values()) {
            net.ip("-n", ns, "addr", "add", SERVICE + "/32", "dev", "lo");
        }
        Path bird = Files.writeString(work.resolve("bird.conf"), """
                router id 10.99.0.1;
                protocol device { scan time 1; }
                protocol kernel { ipv4 { export all; import none; }; }
                template bgp site { local as 65000; hold time 9; connect retry time 1; ipv4 { import all; export none; }; }
                protocol bgp a from site { neighbor 10.99.1.2 as 65001; }
                protocol bgp b from site { neighbor 10.99.2.2 as 65002; }
                """);
        net.start(router, work.resolve("bird.log"), Map.of(), "bird", "-f", "-c", bird.toString(), "-s",
                birdSocket().toString());
        startNode("node-a", "10.99.1.2", "10.99.1.1", 65001);
        startNode("node-b", "10.99.2.2", "10.99.2.1", 65002);
    }

    private Path birdSocket() {
        return work.resolve("bird.ctl");
    }

    private void startNode(String identity, String address, String peer, int asn) throws Exception {
        Path dir = Files.createDirectories(work.resolve(identity));
        Path root = MeridianProcess.root();
        Path config = Files.writeString(dir.resolve("meridian.yaml"), """
                identity: %s
                listen: [%s:53]
                zones: %s
                geoip: %s
                health: {state-file: state/health.state}
                anycast:
                  prefixes: [%s/32]
                  canary: %s
                  interval: %dms
                  timeout: %dms
                  rise: %d
                  fall: %d
                  hold-down: %ds
                  drain: %ds
                """.formatted(identity, SERVICE, root.resolve("zones"), root.resolve("geo-data/demo-city.mmdb"),
                SERVICE, CANARY, INTERVAL.toMillis(), TIMEOUT.toMillis(), RISE, FALL, HOLD_DOWN.toSeconds(),
                DRAIN.toSeconds()));
        String java = ProcessHandle.current().info().command().orElse("java");
        Path run = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\nexec " + java + " -jar "
                + MeridianProcess.jar() + " --config " + config + " 2>>" + dir.resolve("server.log") + "\n");
        assertTrue(run.toFile().setExecutable(true));
        Path exabgp = Files.writeString(dir.resolve("exabgp.conf"), """
                process meridian {
                    run %s;
                    encoder text;
                }
                neighbor %s {
                    router-id %s;
                    local-address %s;
                    local-as %d;
                    peer-as 65000;
                    hold-time 9;
                    api { processes [ meridian ]; }
                }
                """.formatted(run, peer, address, address, asn));
        net.start(nodes.get(identity), dir.resolve("exabgp.log"),
                Map.of("exabgp_daemon_user", "root", "exabgp_api_cli", "false"), "exabgp", exabgp.toString());
    }

    /** The nodes BIRD has a route to the service address from, by their BGP protocol name. */
    private List<String> routes() throws Exception {
        String table = net.execAnyway(router, "birdc", "-s", birdSocket().toString(), "show", "route", "for",
                SERVICE, "all");
        List<String> from = new ArrayList<>();
        for (String site : List.of("a", "b")) {
            if (Pattern.compile("\\[" + site + " ").matcher(table).find()) {
                from.add("node-" + site);
            }
        }
        return from;
    }

    /** Which node answers the client, or {@code null} when the query got no answer. */
    private String answeredBy() throws Exception {
        String out = net.execAnyway(client, "dig", "+nsid", "+tries=1", "+time=1", "@" + SERVICE, CANARY);
        Matcher m = NSID.matcher(out);
        return m.find() ? m.group(1) : null;
    }

    private String other(String node) {
        return node.equals("node-a") ? "node-b" : "node-a";
    }

    /** One query after another from the client, each with the time it was sent and who answered. */
    private record Sample(long nanos, String node) {
    }

    private CompletableFuture<List<Sample>> queryFor(Duration duration) {
        return CompletableFuture.supplyAsync(() -> {
            List<Sample> samples = new CopyOnWriteArrayList<>();
            long end = System.nanoTime() + duration.toNanos();
            try {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    samples.add(new Sample(sent, answeredBy()));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return samples;
        });
    }

    /** The longest time between two answered queries. */
    private static Duration longestGap(List<Sample> samples) {
        long longest = 0;
        Long lastAnswered = null;
        for (Sample s : samples) {
            if (s.node() != null) {
                if (lastAnswered != null) {
                    longest = Math.max(longest, s.nanos() - lastAnswered);
                }
                lastAnswered = s.nanos();
            }
        }
        return Duration.ofNanos(longest);
    }

    private String bothAnnouncedAndServing() {
        await("both nodes announce").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(this::routes, r -> r.size() == 2);
        String serving = await("the client is answered").atMost(Duration.ofSeconds(10))
                .until(this::answeredBy, n -> n != null);
        return serving;
    }

    @Test
    void aNodeThatStopsAnsweringLosesItsRouteWithinTheFallTimeAndGetsItBackAfterRecovery() throws Exception {
        String failing = bothAnnouncedAndServing();
        String healthy = other(failing);

        CompletableFuture<List<Sample>> traffic = queryFor(FALL_TIME.plus(MARGIN).plusSeconds(4));
        long cut = System.nanoTime();
        net.ip("-n", nodes.get(failing), "addr", "del", SERVICE + "/32", "dev", "lo");
        await("BIRD loses the failing node's route").atMost(FALL_TIME.plus(MARGIN))
                .pollInterval(Duration.ofMillis(100)).until(this::routes, r -> r.equals(List.of(healthy)));
        Duration withdrawnAfter = Duration.ofNanos(System.nanoTime() - cut);
        List<Sample> samples = traffic.get();

        assertEquals(healthy, samples.get(samples.size() - 1).node(), "the other node answers: " + samples);
        Duration gap = longestGap(samples);
        assertTrue(gap.compareTo(FALL_TIME.plus(MARGIN)) < 0, "answers stopped for " + gap + " (route withdrawn after "
                + withdrawnAfter + ")");
        System.out.printf("%s failed: route withdrawn after %d ms, longest gap between answers %d ms%n", failing,
                withdrawnAfter.toMillis(), gap.toMillis());

        net.ip("-n", nodes.get(failing), "addr", "add", SERVICE + "/32", "dev", "lo");
        await("the recovered node's route returns after rise and hold-down")
                .atMost(INTERVAL.multipliedBy(RISE).plus(HOLD_DOWN).plus(MARGIN)).pollInterval(Duration.ofMillis(100))
                .until(this::routes, r -> r.size() == 2);
        assertEquals(failing, await("the recovered node answers again").atMost(Duration.ofSeconds(10))
                .until(this::answeredBy, n -> n != null && n.equals(failing)));
    }

    @Test
    void sigtermWithdrawsBeforeTheNodeStopsAnsweringSoNoQueryIsLost() throws Exception {
        String stopping = bothAnnouncedAndServing();
        ProcessHandle server = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(work.resolve(stopping).toString()))
                .filter(p -> p.info().command().orElse("").endsWith("java")).findFirst().orElseThrow();

        CompletableFuture<List<Sample>> traffic = queryFor(DRAIN.plusSeconds(3));
        await("the client is answered before the stop").atMost(Duration.ofSeconds(5))
                .until(() -> answeredBy() != null);
        assertTrue(server.destroy(), "SIGTERM sent");
        List<Sample> samples = traffic.get();

        assertEquals(List.of(), samples.stream().filter(s -> s.node() == null).toList(), "no query lost: " + samples);
        System.out.printf("SIGTERM to %s: %d queries over the drain, none lost%n", stopping, samples.size());
        // ExaBGP restarts the stopped node's process, which may be announced again before the traffic ends: what
        // matters is that the other node took the queries once the route was withdrawn.
        assertTrue(samples.stream().anyMatch(s -> other(stopping).equals(s.node())),
                "answers moved to the other node: " + samples);
        server.onExit().get(DRAIN.plusSeconds(20).toSeconds(), TimeUnit.SECONDS);
    }
}
