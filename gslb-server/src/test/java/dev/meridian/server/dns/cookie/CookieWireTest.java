package dev.meridian.server.dns.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.dns.limit.RateLimitOptions;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** DNS cookies over real sockets, between nodes that share a secret, and across a rotation. */
class CookieWireTest {
    private static final byte[] OLD = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] NEW = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100");
    private static final byte[] CLIENT = HexFormat.of().parseHex("0a0b0c0d0e0f1011");

    @TempDir
    Path dir;

    private final List<MeridianServer> servers = new ArrayList<>();

    private MeridianServer start(String name, CookieOptions cookies, RateLimitOptions rateLimit) throws Exception {
        Path zones = Files.createDirectories(dir.resolve(name).resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE);
        MeridianServer server = MeridianServer.start(ConfigSource.fixed(new ServerConfig(
                List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, name, TcpLimits.DEFAULT,
                ServerConfig.DEFAULT_GEO_DATABASES, TestServer.health(dir.resolve(name)))
                .withRateLimit(rateLimit).withCookies(cookies)), false);
        servers.add(server);
        return server;
    }

    @AfterEach
    void stop() {
        servers.forEach(MeridianServer::close);
    }

    private static Message ask(MeridianServer server, byte[] serverCookie) throws Exception {
        Message query = TestServer.newQuery("www.gslb.example.", Type.A);
        CookieOption cookie = serverCookie == null ? new CookieOption(CLIENT) : new CookieOption(CLIENT, serverCookie);
        query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(cookie)), Section.ADDITIONAL);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(3000);
            byte[] wire = query.toWire();
            socket.send(new DatagramPacket(wire, wire.length, server.boundAddresses().get(0)));
            DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
            socket.receive(reply);
            return new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
        }
    }

    private static byte[] serverCookie(Message reply) {
        CookieOption cookie = (CookieOption) reply.getOPT().getOptions(EDNSOption.Code.COOKIE).get(0);
        assertEquals(HexFormat.of().formatHex(CLIENT), HexFormat.of().formatHex(cookie.getClientCookie()));
        return cookie.getServerCookie().orElseThrow();
    }

    @Test
    void aClientCookieGetsATwentyFourByteCookieBack() throws Exception {
        MeridianServer server = start("a", new CookieOptions(OLD, null, null, false), RateLimitOptions.OFF);
        byte[] cookie = serverCookie(ask(server, null));
        assertEquals(ServerCookies.SERVER_BYTES, cookie.length, "8 bytes of client cookie and 16 of server cookie");
    }

    @Test
    void aCookieFromOneNodeIsAcceptedByAnotherWithTheSameSecret() throws Exception {
        MeridianServer a = start("a", new CookieOptions(OLD, null, null, true), RateLimitOptions.OFF);
        MeridianServer b = start("b", new CookieOptions(OLD, null, null, true), RateLimitOptions.OFF);
        byte[] fromA = serverCookie(ask(a, null));
        assertEquals(Rcode.NOERROR, ask(b, fromA).getRcode());
        byte[] forged = fromA.clone();
        forged[15] ^= 1;
        Message refused = ask(b, forged);
        assertEquals(Rcode.BADCOOKIE, refused.getRcode());
        assertEquals(ServerCookies.SERVER_BYTES, serverCookie(refused).length, "BADCOOKIE carries a fresh cookie");
    }

    @Test
    void afterARotationTheOldSecretsCookiesWorkForTheGracePeriodThenNot() throws Exception {
        MeridianServer old = start("old", new CookieOptions(OLD, null, null, true), RateLimitOptions.OFF);
        byte[] issued = serverCookie(ask(old, null));
        MeridianServer rotated = start("rotated",
                new CookieOptions(NEW, OLD, Instant.now().plusSeconds(3600), true), RateLimitOptions.OFF);
        assertEquals(Rcode.NOERROR, ask(rotated, issued).getRcode(), "within the grace period");
        MeridianServer past = start("past",
                new CookieOptions(NEW, OLD, Instant.now().minusSeconds(1), true), RateLimitOptions.OFF);
        assertEquals(Rcode.BADCOOKIE, ask(past, issued).getRcode(), "after it");
    }

    @Test
    void aValidServerCookieIsNeverRateLimited() throws Exception {
        MeridianServer server = start("a", new CookieOptions(OLD, null, null, false),
                new RateLimitOptions(1, 2, 2, 24, 56, List.of(), 64));
        byte[] cookie = serverCookie(ask(server, null));
        for (int i = 0; i < 30; i++) {
            Message reply = ask(server, cookie);
            assertEquals(1, reply.getSection(Section.ANSWER).size(), "query " + i + " was limited");
        }
    }
}
