package dev.meridian.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over TLS with a PEM certificate and key, as it must be served off loopback. */
class AdminTlsTest {
    private static final String TOKEN = "tls-reader-0123456789";

    @TempDir
    Path dir;

    private MeridianServer server;
    private SelfSignedCertificate certificate;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE);
        server = MeridianServer.start(ConfigSource.fixed(new ServerConfig(
                List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, "tls-node", TcpLimits.DEFAULT,
                ServerConfig.DEFAULT_GEO_DATABASES, TestServer.health(dir))), false);
        certificate = SelfSignedCertificate.create("localhost");
        AdminOptions plain = AdminOptions.loopback(0, List.of(AdminToken.of("r", Access.READ_ONLY, TOKEN)));
        port = server.startAdmin(new AdminOptions(plain.listen(), plain.tokens(),
                new AdminOptions.Tls(Path.of(certificate.certificatePath()), Path.of(certificate.privateKeyPath())),
                plain.headerDeadline(), plain.bodyDeadline(), plain.maxBodyBytes(), null, false, true));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (certificate != null) {
            certificate.delete();
        }
    }

    private HttpClient trusting() throws Exception {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(Path.of(certificate.certificatePath()))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("admin", cert);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void aClientTrustingTheCertificateGetsItsAnswerOverHttps() throws Exception {
        HttpResponse<String> response = trusting().send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/api/v1/status"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void plainHttpGetsNoAnswer() {
        assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/status"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }
}
