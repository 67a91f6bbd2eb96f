package dev.meridian.server.dns.cookie;

import java.net.InetAddress;
import java.time.Clock;

/**
 * Makes and checks RFC 9018 server cookies: {@code version (1) | reserved (3 zero bytes) | timestamp (4, seconds)
 * | SipHash-2-4(client cookie | version | reserved | timestamp | client address)}, 16 bytes, so a reply carries 24 with
 * the client's 8. A cookie is valid from an hour before now to five minutes ahead (the RFC's bounds), under the
 * current secret or, until its time, the previous one.
 */
public final class ServerCookies {
    public static final int CLIENT_BYTES = 8;
    public static final int SERVER_BYTES = 16;
    private static final int VERSION = 1;
    private static final long PAST_SECONDS = 3600;
    private static final long FUTURE_SECONDS = 300;

    private final long k0;
    private final long k1;
    private final long p0;
    private final long p1;
    private final long previousUntil;
    private final boolean require;
    private final Clock clock;

    public ServerCookies(CookieOptions options, Clock clock) {
        this.k0 = SipHash.littleEndian(options.secret(), 0, 8);
        this.k1 = SipHash.littleEndian(options.secret(), 8, 8);
        this.p0 = options.previous() == null ? 0 : SipHash.littleEndian(options.previous(), 0, 8);
        this.p1 = options.previous() == null ? 0 : SipHash.littleEndian(options.previous(), 8, 8);
        this.previousUntil = options.previousUntil() == null ? Long.MIN_VALUE : options.previousUntil().toEpochMilli();
        this.require = options.require();
        this.clock = clock;
    }

    /** Whether a query without a valid server cookie is refused with BADCOOKIE over UDP. */
    public boolean required() {
        return require;
    }

    /** A fresh server cookie for this client cookie and address, stamped now, under the current secret. */
    public byte[] mint(byte[] clientCookie, InetAddress client) {
        return make(k0, k1, clientCookie, client, clock.millis() / 1000);
    }

    /** Whether {@code serverCookie} was made by a node of this fleet for this client cookie and address, lately. */
    public boolean valid(byte[] clientCookie, byte[] serverCookie, InetAddress client) {
        if (serverCookie == null || serverCookie.length != SERVER_BYTES || serverCookie[0] != VERSION
                || serverCookie[1] != 0 || serverCookie[2] != 0 || serverCookie[3] != 0) {
            return false;
        }
        long now = clock.millis();
        long stamp = (serverCookie[4] & 0xFFL) << 24 | (serverCookie[5] & 0xFF) << 16 | (serverCookie[6] & 0xFF) << 8
                | serverCookie[7] & 0xFF;
        // Serial number arithmetic (RFC 1982) on 32-bit seconds, as RFC 9018 asks: wraps in 2106.
        int age = (int) ((now / 1000) - stamp);
        if (age > PAST_SECONDS || age < -FUTURE_SECONDS) {
            return false;
        }
        if (java.util.Arrays.equals(make(k0, k1, clientCookie, client, stamp), serverCookie)) {
            return true;
        }
        return now < previousUntil
                && java.util.Arrays.equals(make(p0, p1, clientCookie, client, stamp), serverCookie);
    }

    private static byte[] make(long key0, long key1, byte[] clientCookie, InetAddress client, long seconds) {
        byte[] address = client.getAddress();
        byte[] input = new byte[CLIENT_BYTES + 8 + address.length];
        System.arraycopy(clientCookie, 0, input, 0, CLIENT_BYTES);
        input[CLIENT_BYTES] = VERSION;
        input[CLIENT_BYTES + 4] = (byte) (seconds >>> 24);
        input[CLIENT_BYTES + 5] = (byte) (seconds >>> 16);
        input[CLIENT_BYTES + 6] = (byte) (seconds >>> 8);
        input[CLIENT_BYTES + 7] = (byte) seconds;
        System.arraycopy(address, 0, input, CLIENT_BYTES + 8, address.length);
        long hash = SipHash.hash(key0, key1, input, input.length);
        byte[] cookie = new byte[SERVER_BYTES];
        System.arraycopy(input, CLIENT_BYTES, cookie, 0, 8);
        for (int i = 0; i < 8; i++) {
            cookie[8 + i] = (byte) (hash >>> (8 * i));
        }
        return cookie;
    }
}
