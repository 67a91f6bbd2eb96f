package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example zone signed by the packaged server with a key made by {@code dnssec keygen}, validated by BIND's
 * {@code delv} from the DS that {@code dnssec ds} prints: static data, a GSLB answer, a CNAME chain into a GSLB
 * name, and both kinds of compact denial validate as secure; a second node given the same key directory is
 * validated from the same anchor; an answer whose signature was tampered with, or any answer with another key's DS
 * as the anchor, is rejected.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DnssecInteropIT {
    private static final InetAddress V4 = MeridianProcess.literal("127.0.0.1");
    private static final String ZONE = "gslb.example.";
    private static final String SECURE = "\n; fully validated\n";
    private static final String SECURE_DENIAL = "\n; negative response, fully validated\n";

    @TempDir
    static Path work;

    private static MeridianProcess server;
    private static Path anchors;
    private static Path config;

    @BeforeAll
    static void start() throws Exception {
        Path keys = work.resolve("keys");
        MeridianProcess.Exit keygen = MeridianProcess.run(work, Duration.ofSeconds(60), "dnssec", "keygen", ZONE,
                "--dir", keys.toString());
        assertEquals(0, keygen.code(), String.join("\n", keygen.stderr()));
        anchors = Delv.anchors(work.resolve("anchors.conf"), ds(keys));
        config = Files.writeString(work.resolve("signed.yaml"), "dnssec:\n  keys: keys\n");
        server = MeridianProcess.start(MeridianProcess.root().resolve("zones"), "signer", List.of(V4),
                work.resolve("signer"), "--config", config.toString());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String ds(Path keys) throws IOException, InterruptedException {
        MeridianProcess.Exit ds = MeridianProcess.run(work, Duration.ofSeconds(60), "dnssec", "ds", ZONE, "--dir",
                keys.toString());
        assertEquals(0, ds.code(), String.join("\n", ds.stderr()));
        assertEquals(1, ds.stdout().size(), String.join("\n", ds.stdout()));
        return ds.stdout().get(0);
    }

    private static String delv(Path trusted, String name, String type) throws Exception {
        return Delv.query(V4, server.port(), trusted, ZONE, name, type);
    }

    @Test
    void aSecondNodeWithTheSameKeyDirectoryIsValidatedFromTheSameAnchor() throws Exception {
        try (MeridianProcess second = MeridianProcess.start(MeridianProcess.root().resolve("zones"), "signer-2",
                List.of(V4), work.resolve("signer-2"), "--config", config.toString())) {
            String answer = Delv.query(V4, second.port(), anchors, ZONE, "www.gslb.example.", "A");
            String denial = Delv.query(V4, second.port(), anchors, ZONE, "nowhere.gslb.example.", "A");

            assertTrue(answer.contains(SECURE), answer);
            assertTrue(denial.contains(SECURE_DENIAL), denial);
        }
    }

    @Test
    void aStaticAnswerValidates() throws Exception {
        String out = delv(anchors, "mail.gslb.example.", "A");
        assertTrue(out.contains(SECURE) && out.contains("192.0.2.25"), out);
    }

    @Test
    void aGslbAnswerValidates() throws Exception {
        String out = delv(anchors, "www.gslb.example.", "A");
        assertTrue(out.contains(SECURE) && out.contains("RRSIG\tA 13 3 30 "), out);
    }

    @Test
    void aCnameChainIntoAGslbNameValidates() throws Exception {
        String out = delv(anchors, "api.gslb.example.", "A");
        assertTrue(out.contains(SECURE) && out.contains("RRSIG\tCNAME") && out.contains("RRSIG\tA"), out);
    }

    @Test
    void aNameThatDoesNotExistIsASecureDenial() throws Exception {
        String out = delv(anchors, "nowhere.gslb.example.", "A");
        assertTrue(out.contains(SECURE_DENIAL) && out.contains("NSEC \\000.nowhere.gslb.example. RRSIG NSEC TYPE128"),
                out);
    }

    @Test
    void aTypeTheNameLacksIsASecureDenial() throws Exception {
        String out = delv(anchors, "mail.gslb.example.", "TXT");
        assertTrue(out.contains(SECURE_DENIAL) && out.contains("NSEC \\000.mail.gslb.example. A RRSIG NSEC"), out);
    }

    @Test
    void anAnswerWhoseSignatureWasTamperedWithIsRejected() throws Exception {
        try (TamperingProxy proxy = new TamperingProxy(V4, new java.net.InetSocketAddress(V4, server.port()))) {
            String out = Delv.query(V4, proxy.port(), anchors, ZONE, "mail.gslb.example.", "A");

            assertFalse(out.contains("fully validated"), out);
            assertTrue(out.contains("resolution failed: RRSIG failed to verify"), out);
        }
    }

    @Test
    void withAnotherKeysDsAsTheAnchorNothingValidates() throws Exception {
        Path other = work.resolve("other-keys");
        MeridianProcess.Exit keygen = MeridianProcess.run(work, Duration.ofSeconds(60), "dnssec", "keygen", ZONE,
                "--dir", other.toString());
        assertEquals(0, keygen.code(), String.join("\n", keygen.stderr()));
        Path wrong = Delv.anchors(work.resolve("wrong-anchors.conf"), ds(other));

        String out = delv(wrong, "mail.gslb.example.", "A");

        assertFalse(out.contains("fully validated"), out);
        assertTrue(out.contains("resolution failed"), out);
    }
}
