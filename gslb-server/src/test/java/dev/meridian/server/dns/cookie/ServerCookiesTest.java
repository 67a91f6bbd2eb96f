package dev.meridian.server.dns.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Server cookies as RFC 9018 makes them: its appendix's examples, and the validity rules. */
class ServerCookiesTest {
    private static final HexFormat HEX = HexFormat.of();

    private static ServerCookies at(String secret, long epochSeconds) {
        return new ServerCookies(new CookieOptions(HEX.parseHex(secret), null, null, false),
                Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
    }

    @Test
    void theRfcsIpv4ExampleGivesItsServerCookie() throws Exception {
        // RFC 9018 appendix A.1: a resolver at 198.51.100.100 learns its server cookie.
        ServerCookies cookies = at("e5e973e5a6b2a43f48e7dc849e37bfcf", 1559731985);
        byte[] server = cookies.mint(HEX.parseHex("2464c4abcf10c957"), InetAddress.getByName("198.51.100.100"));
        assertEquals("010000005cf79f111f8130c3eee29480", HEX.formatHex(server));
    }

    @Test
    void anIpv6ClientsCookieIsValidForItsAddressOnly() throws Exception {
        ServerCookies cookies = at("dd3bdf9344b678b185a6f5cb60fca715", 1559741961);
        byte[] clientCookie = HEX.parseHex("2286f55d2e0f1c66");
        InetAddress client = InetAddress.getByName("2001:db8:220:1:59de:d0f4:8769:82b8");
        byte[] server = cookies.mint(clientCookie, client);
        assertEquals("010000005cf7c609", HEX.formatHex(server).substring(0, 16), "version, reserved, timestamp");
        assertTrue(cookies.valid(clientCookie, server, client));
        assertFalse(cookies.valid(clientCookie, server, InetAddress.getByName("2001:db8:220:1:59de:d0f4:8769:82b9")));
    }

    @Test
    void aCookieIsValidForAnHourAndNoLonger() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.53");
        byte[] clientCookie = HEX.parseHex("0102030405060708");
        byte[] server = at("000102030405060708090a0b0c0d0e0f", 1_700_000_000).mint(clientCookie, client);
        assertTrue(at("000102030405060708090a0b0c0d0e0f", 1_700_003_600).valid(clientCookie, server, client));
        assertFalse(at("000102030405060708090a0b0c0d0e0f", 1_700_003_601).valid(clientCookie, server, client));
        assertFalse(at("000102030405060708090a0b0c0d0e0f", 1_699_999_699).valid(clientCookie, server, client),
                "more than five minutes ahead");
    }

    @Test
    void aCookieIsBoundToTheClientsAddressAndCookie() throws Exception {
        ServerCookies cookies = at("000102030405060708090a0b0c0d0e0f", 1_700_000_000);
        byte[] clientCookie = HEX.parseHex("0102030405060708");
        byte[] server = cookies.mint(clientCookie, InetAddress.getByName("192.0.2.53"));
        assertFalse(cookies.valid(clientCookie, server, InetAddress.getByName("192.0.2.54")));
        assertFalse(cookies.valid(HEX.parseHex("0102030405060709"), server, InetAddress.getByName("192.0.2.53")));
    }

    @Test
    void afterARotationThePreviousSecretWorksUntilItsTimeThenNot() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.53");
        byte[] clientCookie = HEX.parseHex("0102030405060708");
        byte[] old = at("000102030405060708090a0b0c0d0e0f", 1_700_000_000).mint(clientCookie, client);
        CookieOptions rotated = new CookieOptions(HEX.parseHex("ffeeddccbbaa99887766554433221100"),
                HEX.parseHex("000102030405060708090a0b0c0d0e0f"), Instant.ofEpochSecond(1_700_000_600), false);
        assertTrue(new ServerCookies(rotated, Clock.fixed(Instant.ofEpochSecond(1_700_000_599), ZoneOffset.UTC))
                .valid(clientCookie, old, client));
        assertFalse(new ServerCookies(rotated, Clock.fixed(Instant.ofEpochSecond(1_700_000_600), ZoneOffset.UTC))
                .valid(clientCookie, old, client));
    }
}
