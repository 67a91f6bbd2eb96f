package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.interop.Dig.Reply;
import dev.meridian.server.interop.Dig.Rr;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged server with MaxMind's own GeoIP2-City test database (read from {@code shared/geo-test-data}, never
 * copied into the project) instead of the demo database: dig's {@code +subnet=} puts the client in London or in
 * Washington state, and the example policy sends it to the nearest region.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MaxMindCityInteropIT {
    private static final InetAddress V4 = MeridianProcess.literal("127.0.0.1");

    @TempDir
    static Path work;

    private static MeridianProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        Path database = MeridianProcess.root().resolve("../shared/geo-test-data/GeoIP2-City-Test.mmdb").normalize();
        // The example policy checks the demo's stand-ins, which this test does not run: without an agent every
        // endpoint stays unknown (answered as up), so the answers say where the client is and nothing else.
        Path noAgent = Files.writeString(work.resolve("no-agent.yaml"), "health:\n  embedded-agent: false\n");
        server = MeridianProcess.start(MeridianProcess.root().resolve("zones"), "maxmind-test", List.of(V4), work,
                "--geoip", database.toString(), "--config", noAgent.toString());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} ({2}) gets {1}")
    @CsvSource({
            "81.2.69.142/32,192.0.2.20,London: eu-west",
            "216.160.83.56/32,203.0.113.20,Washington state: us-west"})
    void clientSubnetIsLocatedWithMaxMindsTestDatabase(String subnet, String expected, String where)
            throws Exception {
        Reply reply = Dig.query(V4, server.port(), "www.gslb.example", "A", "+subnet=" + subnet);
        assertEquals(List.of(expected), reply.answer().stream().map(Rr::data).toList(), reply.toString());
    }

    /**
     * 81.2.69.0 is in no network of the database while the upper half of its /24 holds London networks: the answer
     * for the /24 says which longer prefix it holds for, and every address inside that prefix gets it.
     */
    @Test
    void aSourceTooCoarseToDecideGetsTheLongerScopeThatHolds() throws Exception {
        Reply reply = Dig.query(V4, server.port(), "www.gslb.example", "A", "+subnet=81.2.69.0/24");
        Matcher ecs = Pattern.compile("CLIENT-SUBNET: 81\\.2\\.69\\.0/24/(\\d+)").matcher(reply.toString());
        assertTrue(ecs.find(), reply.toString());
        int scope = Integer.parseInt(ecs.group(1));
        assertTrue(scope > 24, "scope " + scope + " would cover London's networks too\n" + reply);
        List<String> answer = addresses(reply);
        int size = 1 << (32 - scope);
        for (int offset : new int[] {0, size / 3, size / 2, size - 1}) {
            Reply inside = Dig.query(V4, server.port(), "www.gslb.example", "A", "+subnet=81.2.69." + offset + "/32");
            assertEquals(answer, addresses(inside), inside.toString());
        }
    }

    private static List<String> addresses(Reply reply) {
        return reply.answer().stream().map(Rr::data).toList();
    }
}
