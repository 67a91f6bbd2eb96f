package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.testing.Await;
import dev.meridian.server.interop.Kdig.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS cookies as Knot's {@code kdig} sees them, against real server processes on loopback that require cookies over
 * UDP (so a server cookie that is not accepted shows as BADCOOKIE). Nodes A and B read the same secret file, as a
 * fleet does; a rotated node reads a new secret and A's as the previous one, accepted for a grace period.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CookieInteropIT {
    private static final InetAddress V4 = MeridianProcess.literal("127.0.0.1");
    private static final String NAME = "www.gslb.example";
    private static final String CLIENT = "0123456789ABCDEF";
    /** Long enough for a node to start and answer twice; the test waits it out once. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private static MeridianProcess nodeA;
    private static MeridianProcess nodeB;

    @BeforeAll
    static void startFleet() throws Exception {
        writeSecret("fleet.hex");
        Path config = config("fleet.yaml", "cookies:\n  secret-file: fleet.hex\n  require: true\n");
        nodeA = start("cookie-a", config);
        nodeB = start("cookie-b", config);
    }

    @AfterAll
    static void stopFleet() {
        for (MeridianProcess node : new MeridianProcess[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void kdigCookieGetsA24ByteInteroperableCookie() throws Exception {
        Reply r = Kdig.query(V4, nodeA.port(), NAME, null);
        assertAll(r.toString(),
                () -> assertEquals(24, r.cookieBytes()),
                // RFC 9018: version 1, then three reserved bytes of zero.
                () -> assertEquals("01000000", r.cookie().substring(16, 24)));
    }

    @Test
    void replyEchoesTheClientCookie() throws Exception {
        Reply r = Kdig.query(V4, nodeA.port(), NAME, CLIENT);
        assertAll(r.toString(),
                () -> assertEquals(24, r.cookieBytes()),
                () -> assertEquals(CLIENT, r.cookie().substring(0, 16)));
    }

    @Test
    void cookieSentBackIsAcceptedAndAnswered() throws Exception {
        String cookie = Kdig.query(V4, nodeA.port(), NAME, null).cookie();
        Reply r = Kdig.query(V4, nodeA.port(), NAME, cookie);
        assertAll(r.toString(),
                () -> assertEquals("NOERROR", r.status()),
                () -> assertEquals(1, r.answers()),
                () -> assertEquals(24, r.cookieBytes()),
                () -> assertEquals(cookie.substring(0, 16), r.cookie().substring(0, 16)));
    }

    @Test
    void cookieOfNodeAIsAcceptedByNodeB() throws Exception {
        String cookie = Kdig.query(V4, nodeA.port(), NAME, null).cookie();
        Reply r = Kdig.query(V4, nodeB.port(), NAME, cookie);
        assertAll(r.toString(),
                () -> assertEquals("NOERROR", r.status()),
                () -> assertEquals(1, r.answers()),
                () -> assertEquals(cookie.substring(0, 16), r.cookie().substring(0, 16)));
    }

    @Test
    void forgedServerCookieGetsBadCookieWithAFreshOne() throws Exception {
        String cookie = Kdig.query(V4, nodeA.port(), NAME, null).cookie();
        String forged = cookie.substring(0, 32) + flip(cookie.substring(32));
        Reply r = Kdig.query(V4, nodeB.port(), NAME, forged);
        assertAll(r.toString(),
                () -> assertEquals("BADCOOKIE", r.status()),
                () -> assertEquals(0, r.answers()),
                () -> assertEquals(24, r.cookieBytes()),
                () -> assertNotEquals(forged, r.cookie()));
    }

    @Test
    void afterRotationThePreviousSecretWorksForItsGracePeriodThenNot() throws Exception {
        String cookie = Kdig.query(V4, nodeA.port(), NAME, null).cookie();
        writeSecret("rotated.hex");
        Instant until = Instant.now().plus(GRACE);
        Path config = config("rotated.yaml", "cookies:\n  secret-file: rotated.hex\n  previous-secret-file: fleet.hex\n"
                + "  previous-until: " + until + "\n  require: true\n");
        try (MeridianProcess rotated = start("cookie-rotated", config)) {
            Reply during = Kdig.query(V4, rotated.port(), NAME, cookie);
            assertTrue(Instant.now().isBefore(until), "the node took the whole grace period to start");
            assertAll(during.toString(),
                    () -> assertEquals("NOERROR", during.status()),
                    () -> assertEquals(1, during.answers()));
            String fresh = during.cookie();

            Await.until(GRACE.plusSeconds(10), "the grace period to end",
                    () -> Instant.now().isAfter(until.plusSeconds(1)));
            Reply after = Kdig.query(V4, rotated.port(), NAME, cookie);
            assertEquals("BADCOOKIE", after.status(), after.toString());
            Reply current = Kdig.query(V4, rotated.port(), NAME, fresh);
            assertEquals("NOERROR", current.status(), "a cookie of the new secret still works\n" + current);
        }
    }

    private static MeridianProcess start(String identity, Path config) throws IOException, InterruptedException {
        return MeridianProcess.start(MeridianProcess.root().resolve("zones"), identity, List.of(V4),
                work.resolve(identity), "--config", config.toString());
    }

    private static Path config(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text);
    }

    private static void writeSecret(String name) {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        try {
            Files.writeString(work.resolve(name), HexFormat.of().formatHex(secret) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same hex digits with each bit of the first one inverted. */
    private static String flip(String hex) {
        int first = Character.digit(hex.charAt(0), 16) ^ 0xF;
        return Character.toUpperCase(Character.forDigit(first, 16)) + hex.substring(1);
    }
}
