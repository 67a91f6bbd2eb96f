package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.interop.Dig.Rr;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged server reloads on SIGHUP, as operators of Knot, NSD and BIND expect, and keeps running. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReloadInteropIT {
    private static final InetAddress V4 = MeridianProcess.literal("127.0.0.1");
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path work;

    @Test
    void sighupReloadsAnEditedZoneAndTheServerKeepsRunning() throws Exception {
        Path zones = Files.createDirectories(work.resolve("zones"));
        Path zone = Files.copy(MeridianProcess.root().resolve("zones/gslb.example.zone"),
                zones.resolve("gslb.example.zone"));
        try (MeridianProcess server = MeridianProcess.start(zones, "reload-node", List.of(V4), work.resolve("run"),
                "--no-watch")) {
            assertEquals(List.of("192.0.2.25"), addresses(server, "mail.gslb.example"));
            String version = configVersion(server);
            Files.writeString(zone, Files.readString(zone).replaceFirst("(?m)^(mail\\s+IN\\s+A\\s+)192\\.0\\.2\\.25",
                    "$1192.0.2.26"));

            server.signal("HUP");

            long deadline = System.nanoTime() + BOUND.toNanos();
            while (!addresses(server, "mail.gslb.example").equals(List.of("192.0.2.26"))) {
                assertTrue(System.nanoTime() < deadline, "no reload within " + BOUND + "; log:\n" + server.log());
                assertTrue(server.isAlive(), "the server exited on SIGHUP; log:\n" + server.log());
                Thread.sleep(100);
            }
            assertTrue(server.isAlive());
            assertTrue(!configVersion(server).equals(version), "the configuration version changed");
            assertTrue(server.log().contains("reload (SIGHUP): serving configuration"), server.log());
        }
    }

    private static List<String> addresses(MeridianProcess server, String name) throws IOException, InterruptedException {
        return Dig.query(V4, server.port(), name, "A").answer().stream().map(Rr::data).toList();
    }

    private static String configVersion(MeridianProcess server) throws IOException, InterruptedException {
        return Dig.query(V4, server.port(), "config.meridian", "CH", "TXT").answer().get(0).data();
    }
}
