package dev.meridian.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.AdminHttp;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The status page as a plain HTTP client sees it: its files, their headers, and who may read the data it shows. */
class StatusPageTest {
    private static final String READER = "reader-secret-0123456789";
    private static final String WRITER = "writer-secret-0123456789";
    /** The one address the page's files may name that is not this server: the SVG namespace, never fetched. */
    private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";

    @TempDir
    Path dir;

    private MeridianServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(boolean readNeedsToken) throws Exception {
        Path zones = TestZones.write(dir, TestZones.EXAMPLE_POLICY);
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones,
                "page-node", TcpLimits.DEFAULT, List.of(Path.of("../geo-data/demo-city.mmdb")), TestServer.health(dir));
        server = MeridianServer.start(ConfigSource.fixed(config), false);
        return server.startAdmin(AdminOptions.loopback(0, List.of(
                        AdminToken.of("ops-reader", Access.READ_ONLY, READER),
                        AdminToken.of("ops-writer", Access.READ_WRITE, WRITER)))
                .withReadNeedsToken(readNeedsToken));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/, text/html; charset=utf-8",
        "/status.css, text/css; charset=utf-8",
        "/status.js, text/javascript; charset=utf-8",
        "/world.svg, image/svg+xml"})
    void eachFileIsServedWithoutATokenWithItsContentTypeAndAPolicyAllowingOnlyItsOwnOrigin(String path,
            String contentType) throws Exception {
        int port = start(true);

        HttpResponse<String> response = AdminHttp.send(port, "GET", path, null, null);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(contentType, response.headers().firstValue("content-type").orElse(""));
        String policy = response.headers().firstValue("content-security-policy").orElse("");
        assertTrue(policy.startsWith("default-src 'none';"), policy);
        for (String directive : List.of("script-src", "style-src", "img-src", "connect-src")) {
            assertTrue(policy.contains(directive + " 'self';"), directive + " in " + policy);
        }
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("nosniff", response.headers().firstValue("x-content-type-options").orElse(""));
        assertEquals("no-referrer", response.headers().firstValue("referrer-policy").orElse(""));
        assertEquals("DENY", response.headers().firstValue("x-frame-options").orElse(""));
    }

    @Test
    void thePageNamesOnlyFilesOfItsOwnServer() throws Exception {
        int port = start(true);
        HttpResponse<String> page = AdminHttp.send(port, "GET", "/", null, null);
        Matcher linked = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        int files = 0;
        while (linked.find()) {
            String target = linked.group(1);
            assertTrue(target.startsWith("/") && !target.startsWith("//"), "a same-origin path: " + target);
            assertEquals(200, AdminHttp.send(port, "GET", target, null, null).statusCode(), target);
            files++;
        }
        assertEquals(3, files, "the stylesheet, the script and the map");
        for (StatusPage.Asset asset : StatusPage.ASSETS) {
            String text = asset.body().toString().replace(SVG_NAMESPACE, "");
            assertFalse(text.contains("http://") || text.contains("https://"),
                    asset.resource() + " names another site");
        }
    }

    @Test
    void statusListsEveryRegionWithTheCoordinatesThePolicyGivesIt() throws Exception {
        int port = start(true);

        HttpResponse<String> response = AdminHttp.send(port, "GET", "/api/v1/status", READER, null);

        JsonArray regions = new JsonObject(response.body()).getJsonObject("node").getJsonArray("regions");
        assertEquals(new JsonArray()
                .add(new JsonObject().put("name", "eu").put("latitude", 51.5).put("longitude", -0.1))
                .add(new JsonObject().put("name", "us").put("latitude", 39.0).put("longitude", -77.5))
                .add(new JsonObject().put("name", "cdn")), regions);
    }

    @Test
    void byDefaultTheDataBehindThePageNeedsAToken() throws Exception {
        int port = start(true);

        assertEquals(401, AdminHttp.send(port, "GET", "/api/v1/status", null, null).statusCode());
        assertEquals(200, AdminHttp.send(port, "GET", "/api/v1/status", READER, null).statusCode());
    }

    @Test
    void withReadsOpenOnLoopbackThePageReadsWithoutATokenButChangesStillNeedAWriter() throws Exception {
        int port = start(false);

        assertEquals(200, AdminHttp.send(port, "GET", "/api/v1/status", null, null).statusCode());
        assertEquals(200, AdminHttp.send(port, "GET", "/api/v1/events", null, null).statusCode());
        assertEquals(401, AdminHttp.send(port, "POST", "/api/v1/regions/eu/drain", null, null).statusCode());
        assertEquals(403, AdminHttp.send(port, "POST", "/api/v1/regions/eu/drain", READER, null).statusCode());
        assertEquals(200, AdminHttp.send(port, "POST", "/api/v1/regions/eu/drain", WRITER, null).statusCode());
    }

    @Test
    void withReadsOpenAWrongTokenIsStillRefused() throws Exception {
        int port = start(false);

        assertEquals(401, AdminHttp.send(port, "GET", "/api/v1/status", "not-a-token", null).statusCode());
    }

    @Test
    void readsWithoutATokenAreRefusedBeyondPlainLoopback() {
        AdminOptions loopback = AdminOptions.loopback(0, List.of());
        IllegalArgumentException tls = assertThrows(IllegalArgumentException.class, () -> new AdminOptions(
                loopback.listen(), List.of(), new AdminOptions.Tls(dir.resolve("c.pem"), dir.resolve("k.pem")),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 1024, null, false, false));
        IllegalArgumentException remote = assertThrows(IllegalArgumentException.class, () -> new AdminOptions(
                HostPort.parse("192.0.2.1:8053", 8053), List.of(),
                new AdminOptions.Tls(dir.resolve("c.pem"), dir.resolve("k.pem")),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 1024, null, false, false));

        assertTrue(tls.getMessage().contains("plain loopback listener only"), tls.getMessage());
        assertTrue(remote.getMessage().contains("plain loopback listener only"), remote.getMessage());
    }
}
