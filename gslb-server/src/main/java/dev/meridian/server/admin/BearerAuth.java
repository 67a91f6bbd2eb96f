package dev.meridian.server.admin;

import dev.meridian.server.admin.AdminToken.Access;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Decides who is calling from the {@code Authorization: Bearer} header: no or an unknown token is 401, a token
 * without the route's access 403, and in both cases the route never runs. Where reads need no token (loopback only,
 * as the admin options allow), a request without the header may read, and an unknown token is still 401. Every
 * configured token is compared, so the time taken does not tell which one (or how much of one) matched.
 */
final class BearerAuth {
    /** Where the authenticated token is kept on the request, for the route and the audit log. */
    static final String TOKEN = "meridian.token";
    private static final String SCHEME = "Bearer ";

    private final List<AdminToken> tokens;
    private final boolean readNeedsToken;

    /** With {@code readNeedsToken} false, a request with no Authorization header may use read-only routes. */
    BearerAuth(List<AdminToken> tokens, boolean readNeedsToken) {
        this.tokens = List.copyOf(tokens);
        this.readNeedsToken = readNeedsToken;
    }

    /** A handler that lets the request through to routes needing {@code needed}, or refuses it. */
    io.vertx.core.Handler<RoutingContext> requiring(Access needed) {
        return ctx -> {
            String header = ctx.request().getHeader("Authorization");
            // A token that is sent is always checked: a wrong one is refused even where none is needed.
            if (header == null && needed == Access.READ_ONLY && !readNeedsToken) {
                ctx.next();
                return;
            }
            Optional<AdminToken> token = identify(header);
            if (token.isEmpty()) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"meridian\"");
                ApiError.send(ctx, 401, "unauthorized", "send a configured admin token as 'Authorization: Bearer <token>'");
                return;
            }
            if (!token.get().access().allows(needed)) {
                ApiError.send(ctx, 403, "forbidden", "token '" + token.get().name() + "' is read-only");
                return;
            }
            ctx.put(TOKEN, token.get());
            ctx.next();
        };
    }

    private Optional<AdminToken> identify(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        byte[] presented = AdminToken.sha256(header.substring(SCHEME.length()).strip());
        AdminToken found = null;
        for (AdminToken token : tokens) {
            if (token.matches(presented) && found == null) {
                found = token;
            }
        }
        return Optional.ofNullable(found);
    }
}
