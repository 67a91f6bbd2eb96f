package dev.meridian.server.admin;

import dev.meridian.probes.config.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the admin server listens and whom it lets in.
 *
 * @param listen address and port; a non-loopback address needs {@code tls}
 * @param tokens the named tokens; with none, every {@code /api/v1/} request that needs a token is refused
 * @param tls certificate and key, or {@code null} for plain HTTP (loopback only)
 * @param headerDeadline how long a client has to send a request's headers, from connecting or from the previous
 *        response; a client that dribbles bytes is closed when it passes, whatever it sent
 * @param bodyDeadline how long a client has to send a request's body once its headers are in
 * @param maxBodyBytes the largest request body accepted (413 beyond)
 * @param auditFile where each change is appended as a JSON line, or {@code null} for the log only
 * @param metricsNeedToken whether {@code /metrics} needs a (read-only) token; by default Prometheus scrapes it
 *        without one, as on loopback it is only reachable from the node itself
 * @param readNeedsToken whether read-only routes (status, events, explain and the status page's data) need a
 *        token; only a plain loopback listener may serve them without one, so the page opens on the node with
 *        nothing typed, while changes always need a read-write token
 */
public record AdminOptions(HostPort listen, List<AdminToken> tokens, Tls tls, Duration headerDeadline,
        Duration bodyDeadline, int maxBodyBytes, Path auditFile, boolean metricsNeedToken, boolean readNeedsToken) {
    public static final int DEFAULT_PORT = 8053;
    public static final HostPort DEFAULT_LISTEN = HostPort.parse("127.0.0.1:8053", DEFAULT_PORT);
    public static final Duration DEFAULT_HEADER_DEADLINE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_BODY_DEADLINE = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /** A PEM certificate chain and its private key. */
    public record Tls(Path certificate, Path key) {
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
        }
    }

    public AdminOptions {
        Objects.requireNonNull(listen, "listen");
        tokens = List.copyOf(tokens);
        Objects.requireNonNull(headerDeadline, "headerDeadline");
        Objects.requireNonNull(bodyDeadline, "bodyDeadline");
        if (tls == null && !listen.address().isLoopbackAddress()) {
            throw new IllegalArgumentException("admin listen address " + listen
                    + " is not loopback: configure a TLS certificate and key, or listen on 127.0.0.1 or ::1");
        }
        if (!readNeedsToken && (tls != null || !listen.address().isLoopbackAddress())) {
            throw new IllegalArgumentException("reads without a token are served on a plain loopback listener only;"
                    + " set read-token: true for " + listen + (tls != null ? " with TLS" : ""));
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
    }

    /** Loopback on the default port with the default deadlines and limits. */
    public static AdminOptions loopback(int port, List<AdminToken> tokens) {
        return new AdminOptions(HostPort.parse("127.0.0.1:" + port, DEFAULT_PORT), tokens, null,
                DEFAULT_HEADER_DEADLINE, DEFAULT_BODY_DEADLINE, DEFAULT_MAX_BODY_BYTES, null, false, true);
    }

    public AdminOptions withDeadlines(Duration header, Duration body) {
        return new AdminOptions(listen, tokens, tls, header, body, maxBodyBytes, auditFile, metricsNeedToken,
                readNeedsToken);
    }

    public AdminOptions withAuditFile(Path file) {
        return new AdminOptions(listen, tokens, tls, headerDeadline, bodyDeadline, maxBodyBytes, file,
                metricsNeedToken, readNeedsToken);
    }

    /** The same, with read-only routes served without a token ({@code false}) or not. */
    public AdminOptions withReadNeedsToken(boolean needed) {
        return new AdminOptions(listen, tokens, tls, headerDeadline, bodyDeadline, maxBodyBytes, auditFile,
                metricsNeedToken, needed);
    }
}
