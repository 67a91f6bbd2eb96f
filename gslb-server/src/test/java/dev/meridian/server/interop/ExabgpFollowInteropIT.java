package dev.meridian.server.interop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.anycast.AnycastOptions;
import dev.meridian.server.anycast.DegradedRoute;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.geo.Cidr;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.AdminHttp;
import dev.meridian.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * scripts/exabgp-follow.sh, the ExaBGP process for a node that runs apart from ExaBGP, against a real node's admin
 * API: it relays the node's announcement, manual withdraws included, and withdraws when the node is gone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExabgpFollowInteropIT {
    private static final String ANNOUNCE = "announce route 192.0.2.53/32 next-hop self";
    private static final String WITHDRAW = "withdraw route 192.0.2.53/32";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private MeridianServer server;
    private Process follower;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (follower != null) {
            follower.destroy();
            follower.waitFor(10, TimeUnit.SECONDS);
            follower.destroyForcibly();
        }
        if (server != null) {
            server.close();
        }
    }

    private String last() {
        return lines.isEmpty() ? null : lines.get(lines.size() - 1);
    }

    @Test
    void relaysTheNodesAnnouncementAndWithdrawsWhenTheNodeIsGone() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.copy(MeridianProcess.root().resolve("zones/gslb.example.zone"), zones.resolve("gslb.example.zone"));
        server = MeridianServer.start(ConfigSource.fixed(new ServerConfig(
                List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, "follow-node", TcpLimits.DEFAULT,
                List.of(MeridianProcess.root().resolve("geo-data/demo-city.mmdb")), TestServer.health(dir))), false);
        int admin = server.startAdmin(AdminOptions.loopback(0, List.of(
                AdminToken.of("ops", Access.READ_WRITE, "follow-writer-token"),
                AdminToken.of("exabgp", Access.READ_ONLY, "follow-reader-token"))));
        server.announce(new AnycastOptions(List.of(Cidr.parse("192.0.2.53/32")), server.boundAddresses().get(0),
                Name.fromString("ns1.gslb.example."), Type.A, Duration.ofMillis(200), Duration.ofMillis(150), 2, 2,
                Duration.ZERO, Duration.ZERO, DegradedRoute.SAME),
                dir.resolve("anycast.json"), line -> { });
        Path token = Files.writeString(dir.resolve("reader.token"), "follow-reader-token\n");

        follower = new ProcessBuilder("sh", MeridianProcess.root().resolve("scripts/exabgp-follow.sh").toString(),
                "http://127.0.0.1:" + admin, token.toString(), "0.2", "2").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(follower.getInputStream(),
                    StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
            }
        }, "follower-output");
        reader.setDaemon(true);
        reader.start();

        await("announced").atMost(WAIT).until(this::last, ANNOUNCE::equals);
        AdminHttp.send(admin, "POST", "/api/v1/anycast/withdraw", "follow-writer-token", null);
        await("withdrawn by hand").atMost(WAIT).until(this::last, WITHDRAW::equals);
        AdminHttp.send(admin, "POST", "/api/v1/anycast/announce", "follow-writer-token", null);
        await("announced again").atMost(WAIT).until(this::last, ANNOUNCE::equals);
        int before = lines.size();

        server.close();
        server = null;
        await("withdrawn once the node is gone").atMost(WAIT).until(this::last, WITHDRAW::equals);
        assertEquals(before + 1, lines.size(), "one withdraw, printed once: " + lines);
    }
}
