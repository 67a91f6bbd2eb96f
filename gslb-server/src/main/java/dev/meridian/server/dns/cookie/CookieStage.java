package dev.meridian.server.dns.cookie;

import dev.meridian.server.dns.AdmissionStage;
import dev.meridian.server.dns.Answer;
import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.RawQuery;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.zone.Resolution;
import java.net.InetAddress;
import org.xbill.DNS.Rcode;

/**
 * The cookie stage: a query with a client cookie gets its server part checked and a fresh server cookie to send back
 * with whatever it is answered; over UDP, when cookies are required, one without a valid server cookie is answered
 * BADCOOKIE (with that fresh cookie) instead of resolved, so the client can ask again with it (RFC 7873 section 5.2.3).
 */
public final class CookieStage implements AdmissionStage {
    private final ServerCookies cookies;

    public CookieStage(ServerCookies cookies) {
        this.cookies = cookies;
    }

    @Override
    public ParsedQuery annotate(ParsedQuery query, InetAddress source) {
        if (query.cookie() == null) {
            return query;
        }
        byte[] client = query.cookie().getClientCookie();
        boolean valid = cookies.valid(client, query.cookie().getServerCookie().orElse(null), source);
        return query.withCookie(valid, cookies.mint(client, source));
    }

    @Override
    public boolean admitsCompiled() {
        return true;
    }

    @Override
    public boolean admitCompiled(RawQuery query, InetAddress source, Transport transport) {
        if (!query.hasCookie()) {
            return true;
        }
        boolean valid = cookies.valid(query.clientCookie(), query.serverCookie(), source);
        if (cookies.required() && transport == Transport.UDP && !valid) {
            return false; // BADCOOKIE, from the full path
        }
        query.cookieChecked(valid, cookies.mint(query.clientCookie(), source));
        return true;
    }

    @Override
    public Answer admit(ParsedQuery query, InetAddress source, Transport transport) {
        if (cookies.required() && transport == Transport.UDP && query.cookie() != null && !query.validCookie()) {
            return new Answer(Resolution.empty(Rcode.BADCOOKIE), 0);
        }
        return null;
    }
}
