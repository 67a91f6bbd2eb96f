package dev.meridian.server.anycast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.meridian.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** The self-query against a real server: right name, own NSID, both transports. */
class SelfCheckTest {
    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.example(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SelfCheck check(String name, String identity) throws Exception {
        return new SelfCheck(server.address(), Name.fromString(name), Type.A, Duration.ofSeconds(2), identity);
    }

    @Test
    void passesOverUdpAndTcpWhenThisNodeAnswersTheCanary() throws Exception {
        SelfCheck check = check("www.gslb.example.", TestServer.IDENTITY);
        assertNull(check.ask(false));
        assertNull(check.ask(true));
    }

    @Test
    void failsWhenAnotherNodeAnswers() throws Exception {
        assertEquals("answered by '" + TestServer.IDENTITY + "', not this node",
                check("www.gslb.example.", "node-b").ask(false),
                "with the service address gone from this host, the query reaches the nearest other site");
    }

    @Test
    void failsWhenTheCanaryIsMissing() throws Exception {
        assertEquals("NXDOMAIN for nothing-here.gslb.example. A",
                check("nothing-here.gslb.example.", TestServer.IDENTITY).ask(false));
    }
}
