package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.meridian.server.testing.TestZones;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser: the packaged server on loopback checks three regional backends over HTTP with
 * its embedded agent, headless Chromium shows the page, and the test reads the live page as it updates itself.
 * Screenshots are kept in {@code target/status-page/}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StatusPageInteropIT {
    private static final InetAddress V4 = MeridianProcess.literal("127.0.0.1");
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-southeast");
    private static final Duration SHOWN = Duration.ofSeconds(30);
    private static final Duration DOWN_SHOWN = Duration.ofSeconds(10);
    private static final Path SCREENSHOTS = Path.of("target", "status-page");
    private static final String READER = "page-reader-0123456789";
    private static final String WRITER = "page-writer-0123456789";
    private static final String EU_DRAIN_BUTTON =
            "document.querySelector('#regions .region[data-region=\"eu-west\"] button')";
    /** Each region's name and state as the page's region list shows them, as JSON. */
    private static final String LIST_STATES = "JSON.stringify(Object.fromEntries([...document.querySelectorAll("
            + "'#regions .region')].map(r => [r.dataset.region, r.dataset.state])))";
    /** The same, from the map's markers. */
    private static final String MAP_STATES = "JSON.stringify(Object.fromEntries([...document.querySelectorAll("
            + "'#markers .marker')].map(m => [m.dataset.region, m.dataset.state])))";

    @TempDir
    Path work;

    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void backends() throws IOException {
        for (String region : REGIONS) {
            backends.put(region, new Backend());
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        backends.values().forEach(Backend::close);
    }

    @Test
    void showsEveryRegionAndARegionGoingDownWithinTenSeconds() throws Exception {
        HeadlessChromium page = openPage(startServer("read-token: false"), "all");
        String allUp = "{\"eu-west\":\"up\",\"us-east\":\"up\",\"ap-southeast\":\"up\"}";
        awaitPage(page, LIST_STATES, SHOWN, allUp::equals, "every region listed up");
        assertEquals(allUp, page.evaluate(MAP_STATES), "every region on the map, up");
        page.screenshot(SCREENSHOTS.resolve("all-up.png"));

        long failed = System.nanoTime();
        backends.get("eu-west").fail();
        String euDown = "{\"eu-west\":\"down\",\"us-east\":\"up\",\"ap-southeast\":\"up\"}";
        awaitPage(page, LIST_STATES, DOWN_SHOWN, euDown::equals, "eu-west shown down once its backend fails");
        long shownMillis = (System.nanoTime() - failed) / 1_000_000;
        assertEquals(euDown, page.evaluate(MAP_STATES), "the map agrees");
        page.screenshot(SCREENSHOTS.resolve("eu-west-down.png"));

        page.evaluate("const f = document.getElementById('explain-form'); f.name.value = 'www.gslb.example';"
                + " f.client.value = '127.0.0.1'; f.requestSubmit(); 'asked'");
        awaitPage(page, "document.getElementById('explanation').textContent", SHOWN,
                t -> t.contains("198.51.100.20") && !t.contains("192.0.2.20\""),
                "the explain form answers us-east while eu-west is down");
        System.getLogger(StatusPageInteropIT.class.getName()).log(System.Logger.Level.INFO,
                "status page showed eu-west down {0} ms after its backend began failing", shownMillis);
    }

    @Test
    void aReadTokenTypedIntoThePageShowsTheRegionsAndIsKeptNowhere() throws Exception {
        Files.writeString(work.resolve("reader.token"), READER + "\n");
        HeadlessChromium page = openPage(startServer("tokens: [{name: reader, access: read-only, file: reader.token}]"),
                "token");
        awaitPage(page, "document.getElementById('problem').textContent", SHOWN, t -> t.contains("needs a token"),
                "the page asks for a token");

        page.evaluate("document.getElementById('token').value = '" + READER + "';"
                + " document.getElementById('token-form').requestSubmit(); 'typed'");

        awaitPage(page, LIST_STATES, SHOWN, t -> REGIONS.stream().allMatch(r -> t.contains("\"" + r + "\":\"up\"")),
                "every region listed up once a reader token is typed");
        assertEquals("false", page.evaluate("document.querySelector('#regions button').disabled"),
                "drain is offered once a token is typed");
        assertEquals("0 0 '' false", page.evaluate("localStorage.length + ' ' + sessionStorage.length + ' '"
                + " + JSON.stringify(document.cookie).replaceAll('\"', \"'\") + ' ' + location.href.includes('"
                + READER + "')"), "storage entries, session entries, cookies, token in the address");
    }

    @Test
    void theDrainButtonDrainsWithAReadWriteTokenOnly() throws Exception {
        Files.writeString(work.resolve("reader.token"), READER + "\n");
        Files.writeString(work.resolve("writer.token"), WRITER + "\n");
        HeadlessChromium page = openPage(startServer("read-token: false\n  tokens: [{name: reader, access: read-only,"
                + " file: reader.token}, {name: writer, access: read-write, file: writer.token}]"), "drain");
        awaitPage(page, LIST_STATES, SHOWN, t -> t.contains("\"eu-west\":\"up\""), "eu-west listed up");
        assertEquals("true", page.evaluate(EU_DRAIN_BUTTON + ".disabled"), "no drain without a token");
        // The operator's "drain region eu-west?" confirmation, answered yes.
        page.evaluate("window.confirm = () => true; 'yes'");

        clickDrainWith(page, READER);
        awaitPage(page, "document.getElementById('action').textContent", SHOWN, t -> t.contains("is read-only"),
                "a read-only token's drain is refused, and the page says so");
        assertTrue(page.evaluate(LIST_STATES).contains("\"eu-west\":\"up\""), "eu-west still up");

        clickDrainWith(page, WRITER);
        awaitPage(page, LIST_STATES, SHOWN, t -> t.contains("\"eu-west\":\"draining\""),
                "eu-west draining by a read-write token");
        page.screenshot(SCREENSHOTS.resolve("eu-west-draining.png"));
    }

    @Test
    void aSignedNodeShowsEachKeyWithItsStateAndTheDsForTheParent() throws Exception {
        Path keys = work.resolve("keys");
        MeridianProcess.keygen(work, "gslb.example.", keys);
        MeridianProcess.Exit ds = MeridianProcess.run(work, Duration.ofSeconds(60), "dnssec", "ds", "gslb.example.",
                "--dir", keys.toString());
        assertEquals(0, ds.code(), String.join("\n", ds.stderr()));

        HeadlessChromium page = openPage(startServer("read-token: false", "dnssec:\n  keys: " + keys + "\n"),
                "dnssec");

        awaitPage(page, "document.getElementById('ds').textContent", SHOWN,
                String.join("\n", ds.stdout()).strip()::equals, "the DS records `dnssec ds` prints");
        assertEquals("false", page.evaluate("document.getElementById('dnssec-section').hidden"), "the section shown");
        assertEquals("gslb.example. active", page.evaluate("[...document.querySelectorAll('#dnssec tbody tr')]"
                + ".map(r => r.dataset.zone + ' ' + r.dataset.state).join(', ')"), "one key, active");
        page.screenshot(SCREENSHOTS.resolve("dnssec.png"));
    }

    @Test
    void anUnsignedNodeShowsNoDnssecSection() throws Exception {
        HeadlessChromium page = openPage(startServer("read-token: false"), "unsigned");
        awaitPage(page, "document.body.dataset.loaded", SHOWN, "true"::equals, "the status rendered");
        assertEquals("true", page.evaluate("document.getElementById('dnssec-section').hidden"), "no DNSSEC section");
    }

    private static void clickDrainWith(HeadlessChromium page, String token) throws Exception {
        page.evaluate("document.getElementById('token').value = '" + token + "';"
                + " document.getElementById('token-form').requestSubmit(); 'typed'");
        awaitPage(page, EU_DRAIN_BUTTON + ".disabled", SHOWN, "false"::equals, "drain offered once a token is typed");
        page.evaluate(EU_DRAIN_BUTTON + ".click(); 'clicked'");
    }

    /** Starts the packaged server checking the backends, with these lines added to its admin block. */
    private int startServer(String adminLine) throws Exception {
        return startServer(adminLine, "");
    }

    /** The same, with more top-level YAML at the end of its configuration. */
    private int startServer(String adminLine, String moreConfig) throws Exception {
        Path zones = Files.createDirectories(work.resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE
                .replace("www      IN A    192.0.2.10\n", "").replace("www      IN AAAA 2001:db8::10\n", ""));
        Files.writeString(zones.resolve("gslb.example.policy.yaml"), """
                regions:
                  eu-west:
                    {latitude: 51.51, longitude: -0.13, check: %s, endpoints: {lb: {addresses: [192.0.2.20]}}}
                  us-east:
                    {latitude: 39.04, longitude: -77.49, check: %s, endpoints: {lb: {addresses: [198.51.100.20]}}}
                  ap-southeast:
                    {latitude: 1.35, longitude: 103.82, check: %s, endpoints: {lb: {addresses: [203.0.113.20]}}}
                names:
                  www: {chain: [health, {failover: {priority: [eu-west, us-east, ap-southeast]}}], ttl: 30}
                """.formatted(check("eu-west"), check("us-east"), check("ap-southeast")));
        int adminPort = MeridianProcess.freePort(List.of(V4));
        Path config = Files.writeString(work.resolve("meridian.yaml"), """
                admin:
                  listen: 127.0.0.1:%d
                  %s
                health:
                  failback-delay: 0s
                """.formatted(adminPort, adminLine) + moreConfig);
        closing.add(MeridianProcess.start(zones, "page-node", List.of(V4), work.resolve("server"),
                "--config", config.toString()));
        return adminPort;
    }

    private String check(String region) {
        return "{type: http, address: 127.0.0.1, port: " + backends.get(region).port()
                + ", path: /health, interval: 200ms, timeout: 100ms, rise: 2, fall: 3}";
    }

    /** Opens the page and returns once its script has run (Chromium starts on a blank page and navigates). */
    private HeadlessChromium openPage(int adminPort, String name) throws Exception {
        HeadlessChromium page = HeadlessChromium.open("http://127.0.0.1:" + adminPort + "/",
                work.resolve("chromium-" + name), work.resolve("chromium-" + name + ".log"));
        closing.add(page);
        awaitPage(page, "document.readyState + ' ' + (document.getElementById('regions') !== null)", SHOWN,
                "complete true"::equals, "the status page loaded");
        return page;
    }

    /** Reads the page every 100 ms until what it shows passes, failing with the last thing it showed. */
    private static void awaitPage(HeadlessChromium page, String expression, Duration limit, Predicate<String> shown,
            String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = read(page, expression);
        while (!shown.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what + "; the page showed " + last
                        + " and says: " + page.evaluate("document.body.innerText"));
            }
            Thread.sleep(100);
            last = read(page, expression);
        }
    }

    /** What the expression gives now; while the page navigates or re-renders it may not be readable yet. */
    private static String read(HeadlessChromium page, String expression) throws Exception {
        try {
            return page.evaluate(expression);
        } catch (IllegalStateException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** A region's health endpoint on loopback: 200 until told to fail, then 503. */
    private static final class Backend {
        private final HttpServer server;
        private volatile int status = 200;

        Backend() throws IOException {
            server = HttpServer.create(new InetSocketAddress(V4, 0), 0);
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void fail() {
            status = 503;
        }

        void close() {
            server.stop(0);
        }
    }
}
