package dev.meridian.server.config;

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
 * @param geoDatabase the MaxMind-format database that locates clients; opened only when some zone has GSLB names
 * @param health how this node checks endpoints and shares health
 */
public record ServerConfig(List<ListenAddress> listen, Path zonesDir, String identity, TcpLimits tcp,
        Path geoDatabase, HealthOptions health) {
    public static final ListenAddress DEFAULT_LISTEN = ListenAddress.parse("127.0.0.1:5300");
    public static final Path DEFAULT_ZONES = Path.of("zones");
    /** The demo database built from the project's own demo networks. */
    public static final Path DEFAULT_GEO_DATABASE = Path.of("geo-data", "demo-city.mmdb");

    /** The same configuration with other health options. */
    public ServerConfig withHealth(HealthOptions value) {
        return new ServerConfig(listen, zonesDir, identity, tcp, geoDatabase, value);
    }

    public ServerConfig {
        listen = List.copyOf(listen);
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("at least one listen address is required");
        }
        Objects.requireNonNull(zonesDir, "zonesDir");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(geoDatabase, "geoDatabase");
        Objects.requireNonNull(health, "health");
        if (identity.length() > 255) {
            throw new IllegalArgumentException("identity must be at most 255 characters");
        }
    }
}
