package dev.meridian.server.config;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.anycast.AnycastOptions;
import dev.meridian.server.dns.cookie.CookieOptions;
import dev.meridian.server.dns.limit.RateLimitOptions;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.server.dnssec.DnssecOptions;
import dev.meridian.server.notify.NotifyOptions;
import dev.meridian.server.querylog.QueryLogOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The server's configuration once loaded and checked: everything is typed, paths are resolved.
 *
 * @param listen addresses served over both UDP and TCP
 * @param zonesDir directory of RFC 1035 zone files
 * @param identity this node's name, returned as NSID so an operator can tell which anycast node answered
 * @param tcp TCP connection limits
 * @param geoDatabases the MaxMind-format databases that locate clients, each address in the first one of its family
 *     (a database may cover IPv4, IPv6 or both); opened only when some policy step places clients
 * @param health how this node checks endpoints and shares health
 * @param admin how the admin API listens and whom it lets in, or {@code null} when it is not served
 * @param rateLimit how UDP replies are rate limited ({@link RateLimitOptions#DEFAULT} from the configuration file)
 * @param cookies how DNS cookies are made and checked, or {@code null} to ignore them (the configuration file turns
 *        them on)
 * @param notifications the webhooks events are posted to ({@link NotifyOptions#NONE}: none)
 * @param queryLog where and how much of the queries are logged, or {@code null} when they are not (the default)
 * @param anycast how this node announces the service address over BGP, or {@code null} when it does not
 * @param latency how latency samples become routing decisions (network sizes, smoothing, freshness, margins)
 * @param dnssec where the zone keys are and how answers are signed, or {@code null} when nothing is signed
 * @param eventLoops how many event loops the server runs, each taking its share of the TCP connections, and as many
 *     UDP sockets per listen address (sharing the port), each read by a thread of its own
 */
public record ServerConfig(List<HostPort> listen, Path zonesDir, String identity, TcpLimits tcp,
        List<Path> geoDatabases, HealthOptions health, AdminOptions admin, RateLimitOptions rateLimit,
        CookieOptions cookies, NotifyOptions notifications, QueryLogOptions queryLog, AnycastOptions anycast,
        LatencySettings latency, DnssecOptions dnssec, int eventLoops) {
    public static final HostPort DEFAULT_LISTEN = HostPort.parse("127.0.0.1:5300", HostPort.DNS_PORT);
    public static final Path DEFAULT_ZONES = Path.of("zones");
    /** The demo database built from the project's own demo networks. */
    public static final List<Path> DEFAULT_GEO_DATABASES = List.of(Path.of("geo-data", "demo-city.mmdb"));
    /** More loops than this buys nothing on any machine a DNS node runs on, and hints at a typo. */
    public static final int MAX_EVENT_LOOPS = 256;

    /** One event loop per processor the JVM may use (which a container's CPU limit lowers). */
    public static int defaultEventLoops() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * A configuration without the admin API or rate limiting, as tests and embedders build it (the configuration
     * file's defaults turn rate limiting on).
     */
    public ServerConfig(List<HostPort> listen, Path zonesDir, String identity, TcpLimits tcp,
            List<Path> geoDatabases, HealthOptions health) {
        this(listen, zonesDir, identity, tcp, geoDatabases, health, null, RateLimitOptions.OFF, null,
                NotifyOptions.NONE, null, null, LatencySettings.DEFAULTS, null, defaultEventLoops());
    }

    /** A configuration with the admin API and without rate limiting. */
    public ServerConfig(List<HostPort> listen, Path zonesDir, String identity, TcpLimits tcp,
            List<Path> geoDatabases, HealthOptions health, AdminOptions admin) {
        this(listen, zonesDir, identity, tcp, geoDatabases, health, admin, RateLimitOptions.OFF, null,
                NotifyOptions.NONE, null, null, LatencySettings.DEFAULTS, null, defaultEventLoops());
    }

    /** A configuration with one event loop per processor. */
    public ServerConfig(List<HostPort> listen, Path zonesDir, String identity, TcpLimits tcp,
            List<Path> geoDatabases, HealthOptions health, AdminOptions admin, RateLimitOptions rateLimit,
            CookieOptions cookies, NotifyOptions notifications, QueryLogOptions queryLog, AnycastOptions anycast,
            LatencySettings latency, DnssecOptions dnssec) {
        this(listen, zonesDir, identity, tcp, geoDatabases, health, admin, rateLimit, cookies, notifications, queryLog,
                anycast, latency, dnssec, defaultEventLoops());
    }

    /** The same configuration with another number of event loops. */
    public ServerConfig withEventLoops(int value) {
        return new ServerConfig(listen, zonesDir, identity, tcp, geoDatabases, health, admin, rateLimit, cookies,
                notifications, queryLog, anycast, latency, dnssec, value);
    }

    /** The same configuration with other health options. */
    public ServerConfig withHealth(HealthOptions value) {
        return new ServerConfig(listen, zonesDir, identity, tcp, geoDatabases, value, admin, rateLimit, cookies,
                notifications, queryLog, anycast, latency, dnssec, eventLoops);
    }

    /** The same configuration with other rate limits. */
    public ServerConfig withRateLimit(RateLimitOptions value) {
        return new ServerConfig(listen, zonesDir, identity, tcp, geoDatabases, health, admin, value, cookies,
                notifications, queryLog, anycast, latency, dnssec, eventLoops);
    }

    /** The same configuration with other cookie settings. */
    public ServerConfig withCookies(CookieOptions value) {
        return new ServerConfig(listen, zonesDir, identity, tcp, geoDatabases, health, admin, rateLimit, value,
                notifications, queryLog, anycast, latency, dnssec, eventLoops);
    }

    /** The same configuration with other webhooks. */
    public ServerConfig withNotifications(NotifyOptions value) {
        return new ServerConfig(listen, zonesDir, identity, tcp, geoDatabases, health, admin, rateLimit, cookies,
                value, queryLog, anycast, latency, dnssec, eventLoops);
    }

    /** The same configuration with another query log, or none. */
    public ServerConfig withQueryLog(QueryLogOptions value) {
        return new ServerConfig(listen, zonesDir, identity, tcp, geoDatabases, health, admin, rateLimit, cookies,
                notifications, value, anycast, latency, dnssec, eventLoops);
    }

    /** The same configuration with other anycast settings, or none. */
    public ServerConfig withAnycast(AnycastOptions value) {
        return new ServerConfig(listen, zonesDir, identity, tcp, geoDatabases, health, admin, rateLimit, cookies,
                notifications, queryLog, value, latency, dnssec, eventLoops);
    }

    /** The same configuration with other latency settings. */
    public ServerConfig withLatency(LatencySettings value) {
        return new ServerConfig(listen, zonesDir, identity, tcp, geoDatabases, health, admin, rateLimit, cookies,
                notifications, queryLog, anycast, value, dnssec, eventLoops);
    }

    /** The same configuration signing with {@code value}, or not at all. */
    public ServerConfig withDnssec(DnssecOptions value) {
        return new ServerConfig(listen, zonesDir, identity, tcp, geoDatabases, health, admin, rateLimit, cookies,
                notifications, queryLog, anycast, latency, value, eventLoops);
    }

    public ServerConfig {
        listen = List.copyOf(listen);
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("at least one listen address is required");
        }
        Objects.requireNonNull(zonesDir, "zonesDir");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(tcp, "tcp");
        geoDatabases = List.copyOf(geoDatabases);
        if (geoDatabases.isEmpty()) {
            throw new IllegalArgumentException("at least one geo database is required");
        }
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(latency, "latency");
        if (identity.length() > 255) {
            throw new IllegalArgumentException("identity must be at most 255 characters");
        }
        if (eventLoops < 1 || eventLoops > MAX_EVENT_LOOPS) {
            throw new IllegalArgumentException("eventLoops must be from 1 to " + MAX_EVENT_LOOPS + ", got "
                    + eventLoops);
        }
    }
}
