package dev.meridian.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.geo.Cidr;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.AdminHttp;
import dev.meridian.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Explain gives the answer the DNS query gets: the repository's own zone, one name per policy kind, asked over real
 * sockets from IPv4 and IPv6 clients, with and without ECS, and explained through the admin API.
 */
class ExplainTest {
    private static final String TOKEN = "explain-reader-0123456789";
    private static final String WRITER = "explain-writer-0123456789";
    /** The repository's policy with status's priority turned around: eu-west first. */
    private static final String EU_FIRST = policyFile().replace("priority: [us-east, eu-west]",
            "priority: [eu-west, us-east]");
    /** One GSLB name of zones/gslb.example.policy.yaml for each policy kind. */
    private static final List<String> NAMES = List.of("www", "shop", "status", "canary", "sticky", "all", "fast");
    /** Weighted picks at random per query: the same candidates, not the same pick. */
    private static final Set<String> RANDOM = Set.of("canary");

    @TempDir
    static Path dir;

    private static MeridianServer server;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT),
                HostPort.parse("[::1]:0", HostPort.DNS_PORT)), Path.of("../zones"), "explain-node", TcpLimits.DEFAULT,
                List.of(Path.of("../geo-data/demo-city.mmdb")), TestServer.health(dir));
        server = MeridianServer.start(ConfigSource.fixed(config), false);
        port = server.startAdmin(AdminOptions.loopback(0, List.of(AdminToken.of("r", Access.READ_ONLY, TOKEN),
                AdminToken.of("w", Access.READ_WRITE, WRITER))));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> queries() {
        // client: the packet's source (the listener's family); ecs: a subnet the demo database places, or none
        List<String[]> clients = List.of(new String[] {"127.0.0.1", null}, new String[] {"127.0.0.1", "198.51.100.0/24"},
                new String[] {"127.0.0.1", "192.0.2.0/25"}, new String[] {"::1", null},
                new String[] {"::1", "2001:db8:b000::/40"}, new String[] {"::1", "2001:db8:e000::/48"});
        return NAMES.stream().flatMap(name -> Stream.of("A", "AAAA").flatMap(type -> clients.stream()
                .map(c -> Arguments.of(name, type, c[0], c[1]))));
    }

    @ParameterizedTest(name = "{0} {1} from {2} ecs {3}")
    @MethodSource("queries")
    void explainGivesTheAnswerTheQueryGets(String name, String type, String client, String ecs) throws Exception {
        Message reply = dns(name + ".gslb.example.", Type.value(type), client, ecs);
        JsonObject explained = explain(name + ".gslb.example", type, client, ecs);
        JsonObject answer = explained.getJsonObject("answer");

        assertEquals(Rcode.string(reply.getRcode()), answer.getString("rcode"), explained.encodePrettily());
        Set<String> fromDns = reply.getSection(Section.ANSWER).stream().map(Record::toString)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> fromExplain = answer.getJsonArray("records").stream().map(String::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
        if (RANDOM.contains(name)) {
            assertEquals(fromDns.size(), fromExplain.size(), explained.encodePrettily());
        } else {
            assertEquals(fromDns, fromExplain, explained.encodePrettily());
        }
        assertEquals(scope(reply), answer.getInteger("ecsScope"), explained.encodePrettily());

        JsonArray gslb = explained.getJsonObject("why").getJsonArray("gslb");
        assertEquals(name + ".gslb.example.", gslb.getJsonObject(0).getString("name"));
        assertFalse(gslb.getJsonObject(0).getJsonArray("steps").isEmpty(), "no step recorded");
    }

    @Test
    void explainGivesTheWeightedAnswerTheQueryGetsOnceTheDrawIsDecided() throws Exception {
        // canary draws blue or green at random per query; with green's weight at 0 the draw is blue every time.
        HttpResponse<String> zero = AdminHttp.send(port, "PUT", "/api/v1/endpoints/us-east/green/weight", WRITER,
                "{\"weight\": 0}");
        assertEquals(200, zero.statusCode(), zero.body());
        try {
            for (String[] client : new String[][] {{"127.0.0.1", null}, {"::1", "2001:db8:b000::/40"}}) {
                Set<String> fromDns = dns("canary.gslb.example.", Type.A, client[0], client[1])
                        .getSection(Section.ANSWER).stream().map(Record::toString)
                        .collect(Collectors.toCollection(TreeSet::new));
                JsonObject explained = explain("canary.gslb.example", "A", client[0], client[1]);
                assertEquals(fromDns, new TreeSet<>(explained.getJsonObject("answer").getJsonArray("records").stream()
                        .map(String::valueOf).toList()), explained.encodePrettily());
                assertTrue(fromDns.iterator().next().endsWith("198.51.100.21"), "blue: " + fromDns);
            }
        } finally {
            AdminHttp.send(port, "DELETE", "/api/v1/endpoints/us-east/green/weight", WRITER, null);
        }
    }

    @Test
    void explainShowsWhereTheClientWasPlacedAndEachStepsCandidates() throws Exception {
        JsonObject why = explain("shop.gslb.example", "A", "127.0.0.1", "203.0.113.0/24").getJsonObject("why");
        JsonObject location = why.getJsonObject("location");
        assertEquals("US-WA", location.getString("subdivision"));
        assertEquals("/24", location.getString("network"));
        JsonObject geofence = why.getJsonArray("gslb").getJsonObject(0).getJsonArray("steps").getJsonObject(0);
        assertEquals("geofence", geofence.getString("step"));
        assertEquals(List.of("us-west/lb", "us-east/lb"), geofence.getJsonArray("out").getList());
        assertEquals(3, why.getJsonArray("candidates").size());
    }

    private static JsonObject step(JsonObject why, String kind) {
        return why.getJsonArray("gslb").getJsonObject(0).getJsonArray("steps").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("step").equals(kind)).findFirst().orElseThrow(() -> new AssertionError(
                        "no " + kind + " step in " + why.encodePrettily()));
    }

    @Test
    void explainNamesTheZoneAndTheGeoIpNetworkAndRuleThatPlacedTheClient() throws Exception {
        JsonObject why = explain("shop.gslb.example", "A", "127.0.0.1", "203.0.113.0/24").getJsonObject("why");

        assertEquals("gslb.example.", why.getString("zone"));
        String reason = step(why, "geofence").getString("reason");
        assertTrue(reason.startsWith("GeoIP network 203.0.113.0/24 (US-WA, US, NA"), reason);
        assertTrue(reason.contains("subdivision US-WA → [us-west, us-east]"), reason);
    }

    @Test
    void explainGivesEachRegionsDistanceForGeoproximity() throws Exception {
        JsonObject why = explain("www.gslb.example", "A", "127.0.0.1", "198.51.100.0/24").getJsonObject("why");

        String reason = step(why, "geoproximity").getString("reason");
        // The demo database puts 198.51.100.0/24 in Virginia: us-east (Ashburn) is near, eu-west (London) far.
        java.util.regex.Matcher km = java.util.regex.Pattern
                .compile("us-east (\\d+) km, us-west (\\d+) km, eu-west (\\d+) km").matcher(reason);
        assertTrue(km.find(), reason);
        assertTrue(Integer.parseInt(km.group(1)) < 500 && Integer.parseInt(km.group(3)) > 5000, reason);
    }

    @Test
    void explainNamesTheOverrideThatMatched() throws Exception {
        JsonObject why = explain("www.gslb.example", "A", "127.0.0.1", "192.0.2.192/26").getJsonObject("why");

        assertTrue(step(why, "geoproximity").getString("reason").startsWith("override 192.0.2.192/26 → [us-west]"),
                why.encodePrettily());
    }

    @Test
    void explainSaysWhyTheTtlAndTheEcsScopeAreWhatTheyAre() throws Exception {
        JsonObject name = explain("www.gslb.example", "A", "127.0.0.1", "198.51.100.0/24").getJsonObject("why")
                .getJsonArray("gslb").getJsonObject(0);

        assertEquals("the name's TTL (30 s): no answered endpoint is changing", name.getString("ttlReason"));
        assertTrue(name.getString("scopeReason").matches("the longest client prefix a step looked at: /\\d+ "
                + "\\(geoproximity\\)"), name.getString("scopeReason"));
    }

    private static String policyFile() {
        try {
            return java.nio.file.Files.readString(Path.of("../zones/gslb.example.policy.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> postWhatIf(String query, String policy) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/what-if?" + query))
                .header("Authorization", "Bearer " + WRITER).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(policy)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whatIfWithAnotherPolicyFileAnswersAsThatFileWouldWithoutServingIt() throws Exception {
        HttpResponse<String> response = postWhatIf("name=status.gslb.example&client=127.0.0.1", EU_FIRST);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of("status.gslb.example.\t30\tIN\tA\t192.0.2.20"),
                json(response).getJsonObject("answer").getJsonArray("records").getList());
        assertEquals("198.51.100.20", ((org.xbill.DNS.ARecord) dns("status.gslb.example.", Type.A, "127.0.0.1", null)
                .getSection(Section.ANSWER).get(0)).getAddress().getHostAddress(), "the node still serves its own");
    }

    @Test
    void whatIfWithAnotherPolicyFileTakesTheAssumptionsOnTop() throws Exception {
        HttpResponse<String> response = postWhatIf("name=status.gslb.example&client=127.0.0.1&down=eu-west",
                EU_FIRST);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of("status.gslb.example.\t30\tIN\tA\t198.51.100.20"),
                json(response).getJsonObject("answer").getJsonArray("records").getList());
    }

    @Test
    void whatIfWithABrokenPolicyFileIsRefusedNamingTheBodysLine() throws Exception {
        String broken = EU_FIRST.replace("policy: weighted", "policy: heaviest");
        int line = (int) broken.lines().takeWhile(l -> !l.contains("heaviest")).count() + 1;

        HttpResponse<String> response = postWhatIf("name=status.gslb.example&client=127.0.0.1", broken);

        assertEquals(422, response.statusCode(), response.body());
        assertTrue(new JsonObject(response.body()).getString("detail").startsWith("request body:" + line + ": "),
                response.body());
    }

    @Test
    void whatIfWithAPolicyFileForANameInNoZoneIsA404() throws Exception {
        HttpResponse<String> response = postWhatIf("name=www.elsewhere.example&client=127.0.0.1", EU_FIRST);

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("unknown name", new JsonObject(response.body()).getString("error"));
    }

    @Test
    void whatIfWithAPolicyFileTakesAWriter() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/what-if?name=status.gslb.example&client=127.0.0.1")).header("Authorization", "Bearer "
                + TOKEN).POST(HttpRequest.BodyPublishers.ofString(EU_FIRST)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(403, response.statusCode(), response.body());
    }

    @Test
    void whatIfAnswersAsTheSameChangeMadeForRealWouldWithoutMakingIt() throws Exception {
        JsonObject whatIf = json(get("/api/v1/what-if?name=status.gslb.example&client=127.0.0.1&down=us-east"));
        assertEquals(List.of("status.gslb.example.\t30\tIN\tA\t192.0.2.20"),
                whatIf.getJsonObject("answer").getJsonArray("records").getList());
        assertEquals("198.51.100.20", dns("status.gslb.example.", Type.A, "127.0.0.1", null)
                .getSection(Section.ANSWER).get(0).rdataToString(), "nothing changed for real");
        assertTrue(server.overlays().current().byTarget().isEmpty());
    }

    @Test
    void whatIfRefusesATargetTheConfigurationDoesNotHave() throws Exception {
        HttpResponse<String> response = get("/api/v1/what-if?name=www.gslb.example&client=127.0.0.1&down=mars");
        assertEquals(404, response.statusCode(), response.body());
    }

    private static JsonObject json(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body());
    }

    @Test
    void aQueryExplainCannotBuildIsA400() throws Exception {
        HttpResponse<String> response = get("/api/v1/explain?name=www.gslb.example&client=ns1.example.net");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(new JsonObject(response.body()).getString("detail").contains("ns1.example.net"));
    }

    private static Message dns(String name, int type, String client, String ecs) throws Exception {
        InetSocketAddress listener = server.boundAddresses().stream()
                .filter(a -> a.getAddress().getHostAddress().contains(":") == client.contains(":"))
                .findFirst().orElseThrow();
        SimpleResolver resolver = new SimpleResolver(listener);
        resolver.setLocalAddress(new InetSocketAddress(HostPort.literal(client), 0));
        resolver.setTimeout(Duration.ofSeconds(5));
        Message query = TestServer.newQuery(name, type);
        List<org.xbill.DNS.EDNSOption> options = ecs == null ? List.of()
                : List.of(new ClientSubnetOption(Cidr.parse(ecs).prefixLength(), Cidr.parse(ecs).address()));
        query.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);
        resolver.setEDNS((OPTRecord) null);
        return resolver.send(query);
    }

    private static Integer scope(Message reply) {
        OPTRecord opt = reply.getOPT();
        if (opt == null) {
            return null;
        }
        return opt.getOptions(org.xbill.DNS.EDNSOption.Code.CLIENT_SUBNET).stream()
                .map(o -> ((ClientSubnetOption) o).getScopePrefixLength()).findFirst().orElse(null);
    }

    private static JsonObject explain(String name, String type, String client, String ecs) throws Exception {
        String path = "/api/v1/explain?name=" + name + "&type=" + type + "&client="
                + URLEncoder.encode(client, StandardCharsets.UTF_8)
                + (ecs == null ? "" : "&ecs=" + URLEncoder.encode(ecs, StandardCharsets.UTF_8));
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
