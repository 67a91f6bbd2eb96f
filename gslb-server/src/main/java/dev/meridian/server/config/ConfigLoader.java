package dev.meridian.server.config;

import dev.meridian.probes.config.ClusterOptions;
import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.HostName;
import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.probes.health.StaleRule;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.anycast.AnycastOptions;
import dev.meridian.server.anycast.DegradedRoute;
import dev.meridian.server.dns.cookie.CookieOptions;
import dev.meridian.server.dnssec.DnssecOptions;
import dev.meridian.server.dns.limit.RateLimitOptions;
import dev.meridian.server.geo.Cidr;
import dev.meridian.server.notify.Backoff;
import dev.meridian.server.notify.Notification;
import dev.meridian.server.notify.NotifyOptions;
import dev.meridian.server.querylog.QueryLogOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the YAML configuration file and command-line overrides into a {@link ServerConfig}. Relative paths in the
 * file ({@code zones}, {@code geoip}, {@code health.state-file}) are taken from the file's own directory, so a
 * configuration works wherever the server is started; relative paths given as flags, from the working directory.
 */
public final class ConfigLoader {
    private static final Set<String> KEYS = Set.of("identity", "zones", "listen", "tcp", "geoip", "health", "cluster",
            "admin", "rate-limit", "cookies", "notify", "query-log", "anycast",
            "latency", "dnssec", "event-loops");
    private static final Set<String> DNSSEC_KEYS = Set.of("keys", "validity", "refresh", "inception-offset",
            "cache-size", "signing-budget", "publish-cds");
    private static final Set<String> QUERY_LOG_KEYS = Set.of("file", "sample", "max-per-second", "queue");
    private static final Set<String> NOTIFY_KEYS = Set.of("webhooks", "queue", "attempts", "first-retry", "max-retry",
            "timeout");
    private static final Set<String> WEBHOOK_KEYS = Set.of("name", "url", "address", "secret-file", "secret-env",
            "events");
    private static final Set<String> ANYCAST_KEYS = Set.of("prefixes", "self-check", "canary", "canary-type",
            "interval", "timeout", "rise", "fall", "hold-down", "drain", "degraded");
    private static final Set<String> DEGRADED_KEYS = Set.of("withdraw", "prepend", "asn", "communities");
    private static final Set<String> COOKIE_KEYS = Set.of("secret-file", "previous-secret-file", "previous-until",
            "require");
    private static final Set<String> RATE_LIMIT_KEYS = Set.of("rate", "burst", "slip", "ipv4-prefix", "ipv6-prefix",
            "exempt", "table-size");
    private static final Set<String> ADMIN_KEYS = Set.of("listen", "tokens", "tls", "audit-log", "header-deadline",
            "body-deadline", "max-body", "metrics-token", "read-token");
    private static final Set<String> TOKEN_KEYS = Set.of("name", "access", "file", "env");
    private static final Set<String> TCP_KEYS = Set.of("max-connections", "idle-timeout", "message-timeout");
    private static final Set<String> HEALTH_KEYS = Set.of("region", "embedded-agent", "state-file", "quorum",
            "min-vantages", "failback-delay", "max-staleness", "after-max-staleness");
    /** The agent's cluster keys, and the one only a DNS node has: the address its own member listens on. */
    private static final Set<String> CLUSTER_KEYS = Set.of("name", "members", "bind");

    private ConfigLoader() {
    }

    /** Values given on the command line; each one that is present wins over the file. */
    public record Overrides(List<String> listen, Path zonesDir, String identity, List<Path> geoDatabases, String region,
            String clusterName, List<String> members, String clusterBind, Path stateFile, String admin,
            Integer rateLimit, Integer eventLoops) {
        public static final Overrides NONE =
                new Overrides(List.of(), null, null, List.of(), null, null, List.of(), null, null, null, null, null);

        /** Overrides that leave the number of event loops as the file says. */
        public Overrides(List<String> listen, Path zonesDir, String identity, List<Path> geoDatabases, String region,
                String clusterName, List<String> members, String clusterBind, Path stateFile, String admin,
                Integer rateLimit) {
            this(listen, zonesDir, identity, geoDatabases, region, clusterName, members, clusterBind, stateFile, admin,
                    rateLimit, null);
        }

        /** Overrides that leave the admin API as the file says. */
        public Overrides(List<String> listen, Path zonesDir, String identity, List<Path> geoDatabases, String region,
                String clusterName, List<String> members, String clusterBind, Path stateFile) {
            this(listen, zonesDir, identity, geoDatabases, region, clusterName, members, clusterBind, stateFile, null,
                    null);
        }

        public Overrides {
            listen = listen == null ? List.of() : List.copyOf(listen);
            geoDatabases = geoDatabases == null ? List.of() : List.copyOf(geoDatabases);
            members = members == null ? List.of() : List.copyOf(members);
        }
    }

    /**
     * Loads the configuration.
     *
     * @param file the YAML file, or {@code null} to start from the built-in defaults
     */
    public static ServerConfig load(Path file, Overrides overrides) throws ConfigException {
        YamlNode root = file == null ? YamlNode.parse("", null) : YamlNode.read(file);
        Path base = file == null ? Path.of("") : file.toAbsolutePath().getParent();
        root.onlyKeys(KEYS);

        List<HostPort> listen = !overrides.listen().isEmpty()
                ? flag("--listen", overrides.listen(),
                        l -> l.stream().map(a -> HostPort.parse(a, HostPort.DNS_PORT)).toList())
                : root.get("listen").isMissing() ? List.of(ServerConfig.DEFAULT_LISTEN)
                : hostPorts(root.get("listen"), HostPort.DNS_PORT);
        if (listen.isEmpty()) {
            throw root.get("listen").error("listen: expected at least one address such as 0.0.0.0:53");
        }
        Path zones = overrides.zonesDir() != null ? overrides.zonesDir()
                : root.get("zones").path(base, ServerConfig.DEFAULT_ZONES);
        String identity = overrides.identity() != null ? overrides.identity()
                : root.get("identity").text(null);
        if (identity == null) {
            identity = HostName.local("meridian");
        } else if (identity.length() > 255) {
            String problem = "identity: expected at most 255 characters, got " + identity.length();
            throw overrides.identity() != null ? new ConfigException(null, ConfigException.NO_LINE, "--" + problem)
                    : root.get("identity").error(problem);
        }
        List<Path> geo;
        if (!overrides.geoDatabases().isEmpty()) {
            geo = overrides.geoDatabases();
            for (Path database : geo) {
                if (!java.nio.file.Files.exists(database)) {
                    throw new ConfigException(null, ConfigException.NO_LINE, "--geoip " + database + ": no such file");
                }
            }
        } else if (root.get("geoip").isMissing()) {
            geo = ServerConfig.DEFAULT_GEO_DATABASES;
        } else {
            geo = new ArrayList<>();
            for (YamlNode database : root.get("geoip").elements()) {
                Path path = database.path(base, null);
                // Named now, not when a policy first needs it: a typo must not wait for the day it matters.
                if (!java.nio.file.Files.exists(path)) {
                    throw database.error("geoip: " + path + ": no such file");
                }
                geo.add(path);
            }
            if (geo.isEmpty()) {
                throw root.get("geoip").error("geoip: expected a database file or a list of them");
            }
        }
        return new ServerConfig(listen, zones, identity, tcp(root.get("tcp")), geo,
                health(root, base, overrides), admin(root.get("admin"), base, overrides.admin()),
                rateLimit(root.get("rate-limit"), overrides.rateLimit()), cookies(root.get("cookies"), base),
                notify(root.get("notify"), base), queryLog(root.get("query-log"), base),
                anycast(root.get("anycast"), listen.get(0)), latency(root.get("latency")),
                dnssec(root.get("dnssec"), base), eventLoops(root.get("event-loops"), overrides.eventLoops()));
    }

    /** {@code event-loops}: one per processor unless the flag or the file says otherwise. */
    private static int eventLoops(YamlNode node, Integer flag) throws ConfigException {
        if (flag == null) {
            return (int) node.integer(1, ServerConfig.MAX_EVENT_LOOPS, ServerConfig.defaultEventLoops());
        }
        if (flag < 1 || flag > ServerConfig.MAX_EVENT_LOOPS) {
            throw new ConfigException(null, ConfigException.NO_LINE, "--event-loops: expected a whole number from 1 to "
                    + ServerConfig.MAX_EVENT_LOOPS + ", got " + flag);
        }
        return flag;
    }

    /** The {@code latency} block over {@link LatencySettings#DEFAULTS}. */
    private static LatencySettings latency(YamlNode node) throws ConfigException {
        node.onlyKeys(Set.of("ipv4-prefix", "ipv6-prefix", "smoothing", "fresh", "expiry", "margin-ms",
                "margin-percent"));
        LatencySettings d = LatencySettings.DEFAULTS;
        try {
            return new LatencySettings((int) node.get("ipv4-prefix").integer(8, 32, d.ipv4Prefix()),
                    (int) node.get("ipv6-prefix").integer(16, 64, d.ipv6Prefix()),
                    node.get("smoothing").isMissing() ? d.alpha() : node.get("smoothing").number(0.01, 1),
                    node.get("fresh").duration(d.fresh()), node.get("expiry").duration(d.expiry()),
                    node.get("margin-ms").isMissing() ? d.marginMillis() : node.get("margin-ms").number(0, 10_000),
                    node.get("margin-percent").isMissing() ? d.marginPercent()
                            : node.get("margin-percent").number(0, 1000));
        } catch (IllegalArgumentException e) {
            throw node.error("latency: " + e.getMessage());
        }
    }

    /** The {@code dnssec} block: no signing unless present; {@code keys} is then required and must be a directory. */
    private static DnssecOptions dnssec(YamlNode node, Path base) throws ConfigException {
        if (node.isMissing()) {
            return null;
        }
        node.onlyKeys(DNSSEC_KEYS);
        YamlNode keys = node.get("keys");
        if (keys.isMissing()) {
            throw node.error("dnssec.keys: the directory of the zone keys (made by gslb-server dnssec keygen) is "
                    + "required");
        }
        Path dir = keys.path(base, null);
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw keys.error("dnssec.keys: " + dir + ": no such directory");
        }
        try {
            return new DnssecOptions(dir,
                    node.get("validity").duration(DnssecOptions.DEFAULT_VALIDITY),
                    node.get("refresh").duration(DnssecOptions.DEFAULT_REFRESH),
                    node.get("inception-offset").duration(DnssecOptions.DEFAULT_INCEPTION_OFFSET),
                    (int) node.get("cache-size").integer(16, 1 << 24, DnssecOptions.DEFAULT_CACHE_SIZE),
                    node.get("signing-budget").duration(DnssecOptions.DEFAULT_SIGNING_BUDGET),
                    node.get("publish-cds").bool(false));
        } catch (IllegalArgumentException e) {
            throw node.error("dnssec: " + e.getMessage());
        }
    }

    /** The {@code query-log} block: off unless present; {@code file} is then required. */
    private static QueryLogOptions queryLog(YamlNode node, Path base) throws ConfigException {
        if (node.isMissing()) {
            return null;
        }
        node.onlyKeys(QUERY_LOG_KEYS);
        if (node.get("file").isMissing()) {
            throw node.error("query-log.file: the file queries are logged to is required");
        }
        return new QueryLogOptions(node.get("file").path(base, null),
                node.get("sample").isMissing() ? QueryLogOptions.DEFAULT_SAMPLE : node.get("sample").number(0, 1),
                (int) node.get("max-per-second").integer(1, 10_000_000, QueryLogOptions.DEFAULT_MAX_PER_SECOND),
                (int) node.get("queue").integer(1, 10_000_000, QueryLogOptions.DEFAULT_QUEUE));
    }

    /**
     * The {@code notify} block: webhooks and their retry schedule. Like tokens, each webhook's secret comes from a
     * file or an environment variable, never the YAML; a URL that names a host needs the {@code address} to connect
     * to, since the server never resolves a name.
     */
    private static NotifyOptions notify(YamlNode node, Path base) throws ConfigException {
        if (node.isMissing()) {
            return NotifyOptions.NONE;
        }
        node.onlyKeys(NOTIFY_KEYS);
        List<NotifyOptions.Webhook> webhooks = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (YamlNode w : node.get("webhooks").elements()) {
            w.onlyKeys(WEBHOOK_KEYS);
            String name = w.get("name").text();
            if (!names.add(name)) {
                throw w.get("name").error(w.get("name").key() + ": webhook name '" + name + "' is used twice");
            }
            YamlNode urlNode = w.get("url");
            java.net.URI url;
            try {
                url = new java.net.URI(urlNode.text());
            } catch (java.net.URISyntaxException e) {
                throw urlNode.error(urlNode.key() + ": expected a URL such as https://hooks.example.com/meridian, "
                        + "got '" + urlNode.text() + "'");
            }
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw urlNode.error(urlNode.key() + ": expected an http:// or https:// URL with a host, got '"
                        + urlNode.text() + "'");
            }
            java.net.InetAddress address = webhookAddress(w, url);
            java.util.Set<Notification.Kind> events = java.util.EnumSet.allOf(Notification.Kind.class);
            if (!w.get("events").isMissing()) {
                events.clear();
                for (YamlNode kind : w.get("events").elements()) {
                    try {
                        events.add(Notification.Kind.fromConfigName(kind.text()));
                    } catch (IllegalArgumentException e) {
                        throw kind.error(kind.key() + ": " + e.getMessage());
                    }
                }
            }
            String secret = secretText(w, "secret-file", "secret-env", "webhook secret", base);
            webhooks.add(new NotifyOptions.Webhook(name, url, address,
                    secret.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8), events));
        }
        if (webhooks.isEmpty()) {
            throw node.get("webhooks").isMissing() ? node.error("notify: expected a list of webhooks")
                    : node.get("webhooks").error("notify.webhooks: expected at least one webhook");
        }
        Backoff d = Backoff.DEFAULT;
        try {
            Backoff backoff = new Backoff((int) node.get("attempts").integer(1, 100, d.attempts()),
                    node.get("first-retry").duration(d.first()), node.get("max-retry").duration(d.max()));
            return new NotifyOptions(webhooks,
                    (int) node.get("queue").integer(1, 1_000_000, NotifyOptions.DEFAULT_QUEUE), backoff,
                    node.get("timeout").duration(NotifyOptions.DEFAULT_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw keyed(node, e);
        }
    }

    /** The URL's own address when it is an IP literal, else the webhook's {@code address}. */
    private static java.net.InetAddress webhookAddress(YamlNode webhook, java.net.URI url) throws ConfigException {
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        YamlNode given = webhook.get("address");
        if (!given.isMissing()) {
            try {
                return HostPort.literal(given.text());
            } catch (IllegalArgumentException e) {
                throw given.error(given.key() + ": " + e.getMessage());
            }
        }
        try {
            return HostPort.literal(host);
        } catch (IllegalArgumentException e) {
            throw webhook.get("url").error(webhook.get("url").key() + ": the URL names the host '" + host
                    + "' and the server never resolves names: give its IP address as 'address'");
        }
    }

    /**
     * The {@code anycast} block, or {@code null} without one. The node queries itself on {@code self-check}, its
     * service (anycast) address, by default the first listen address.
     */
    private static AnycastOptions anycast(YamlNode node, HostPort firstListen) throws ConfigException {
        if (node.isMissing()) {
            return null;
        }
        node.onlyKeys(ANYCAST_KEYS);
        List<Cidr> prefixes = new ArrayList<>();
        for (YamlNode prefix : node.get("prefixes").elements()) {
            try {
                prefixes.add(Cidr.parse(prefix.text()));
            } catch (IllegalArgumentException e) {
                throw prefix.error(prefix.key() + ": " + e.getMessage());
            }
        }
        if (prefixes.isEmpty()) {
            throw node.error("anycast.prefixes: expected the service prefixes to announce, such as [192.0.2.53/32]");
        }
        HostPort selfCheck = node.get("self-check").isMissing() ? firstListen
                : node.get("self-check").hostPort(HostPort.DNS_PORT);
        YamlNode canaryNode = node.get("canary");
        if (canaryNode.isMissing()) {
            throw node.error("anycast.canary: expected the name the node asks itself for, such as www.example.com.");
        }
        org.xbill.DNS.Name canary;
        try {
            canary = org.xbill.DNS.Name.fromString(canaryNode.text(), org.xbill.DNS.Name.root);
        } catch (org.xbill.DNS.TextParseException e) {
            throw canaryNode.error("anycast.canary: not a domain name: " + e.getMessage());
        }
        YamlNode typeNode = node.get("canary-type");
        int canaryType = org.xbill.DNS.Type.value(typeNode.text("A"));
        if (canaryType < 0) {
            throw typeNode.error("anycast.canary-type: expected a query type such as A or AAAA, got '"
                    + typeNode.text() + "'");
        }
        YamlNode degradedNode = node.get("degraded");
        degradedNode.onlyKeys(DEGRADED_KEYS);
        List<String> communities = new ArrayList<>();
        for (YamlNode community : degradedNode.get("communities").elements()) {
            communities.add(community.text());
        }
        DegradedRoute degraded;
        try {
            degraded = degradedNode.isMissing() ? DegradedRoute.SAME
                    : new DegradedRoute(degradedNode.get("withdraw").bool(false),
                            (int) degradedNode.get("prepend").integer(0, 10, 0),
                            degradedNode.get("asn").integer(1, 4_294_967_295L, 0), communities);
        } catch (IllegalArgumentException e) {
            throw degradedNode.error("anycast.degraded: " + e.getMessage());
        }
        try {
            return new AnycastOptions(prefixes, selfCheck.socketAddress(), canary, canaryType,
                    node.get("interval").duration(AnycastOptions.DEFAULT_INTERVAL),
                    node.get("timeout").duration(AnycastOptions.DEFAULT_TIMEOUT),
                    (int) node.get("rise").integer(1, 100, AnycastOptions.DEFAULT_RISE),
                    (int) node.get("fall").integer(1, 100, AnycastOptions.DEFAULT_FALL),
                    node.get("hold-down").duration(AnycastOptions.DEFAULT_HOLD_DOWN),
                    node.get("drain").duration(AnycastOptions.DEFAULT_DRAIN), degraded);
        } catch (IllegalArgumentException e) {
            throw node.error("anycast: " + e.getMessage());
        }
    }

    /**
     * The {@code cookies} block. Secrets come from files (32 hex digits), like tokens, so the YAML holds none; every
     * node of a fleet reads the same one. Without a secret file each process makes up its own: cookies then work
     * against that node only.
     */
    private static CookieOptions cookies(YamlNode node, Path base) throws ConfigException {
        node.onlyKeys(COOKIE_KEYS);
        boolean require = node.get("require").bool(false);
        if (node.get("secret-file").isMissing()) {
            if (!node.get("previous-secret-file").isMissing()) {
                throw node.get("previous-secret-file").error("cookies.previous-secret-file needs a secret-file");
            }
            CookieOptions random = CookieOptions.random();
            return new CookieOptions(random.secret(), null, null, require);
        }
        byte[] secret = secretFile(node.get("secret-file"), base);
        byte[] previous = node.get("previous-secret-file").isMissing() ? null
                : secretFile(node.get("previous-secret-file"), base);
        java.time.Instant until = null;
        if (previous != null) {
            YamlNode time = node.get("previous-until");
            if (time.isMissing()) {
                throw node.error("cookies.previous-until: the time the previous secret stops being accepted, such "
                        + "as 2026-12-04T00:00:00Z, is required with previous-secret-file");
            }
            try {
                until = java.time.Instant.parse(time.text());
            } catch (java.time.format.DateTimeParseException e) {
                throw time.error(time.key() + ": expected an RFC 3339 time such as 2026-12-04T00:00:00Z, got '"
                        + time.text() + "'");
            }
        }
        return new CookieOptions(secret, previous, until, require);
    }

    private static byte[] secretFile(YamlNode node, Path base) throws ConfigException {
        Path path = node.path(base, null);
        try {
            return CookieOptions.hex(java.nio.file.Files.readString(path));
        } catch (java.io.IOException e) {
            throw node.error(node.key() + ": cannot read the secret file " + path + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw node.error(node.key() + ": " + path + ": " + e.getMessage());
        }
    }

    /** The {@code rate-limit} block over {@link RateLimitOptions#DEFAULT}; {@code --rate-limit N} sets the rate. */
    private static RateLimitOptions rateLimit(YamlNode node, Integer rateFlag) throws ConfigException {
        node.onlyKeys(RATE_LIMIT_KEYS);
        RateLimitOptions d = RateLimitOptions.DEFAULT;
        int rate = rateFlag != null ? rateFlag : (int) node.get("rate").integer(0, 1_000_000, d.rate());
        List<Cidr> exempt = new ArrayList<>();
        for (YamlNode network : node.get("exempt").elements()) {
            try {
                exempt.add(Cidr.parse(network.text()));
            } catch (IllegalArgumentException e) {
                throw network.error(network.key() + ": " + e.getMessage());
            }
        }
        try {
            return new RateLimitOptions(rate, (int) node.get("burst").integer(1, 1_000_000, Math.max(rate, 1)),
                    (int) node.get("slip").integer(0, 10, d.slip()),
                    (int) node.get("ipv4-prefix").integer(1, 32, d.ipv4Prefix()),
                    (int) node.get("ipv6-prefix").integer(1, 64, d.ipv6Prefix()), exempt,
                    (int) node.get("table-size").integer(16, 1 << 24, d.tableSize()));
        } catch (IllegalArgumentException e) {
            throw node.error("rate-limit: " + e.getMessage());
        }
    }

    /**
     * The admin API: served when the file has an {@code admin} block or {@code --admin} gives its address. Tokens
     * come from files (relative to the configuration's directory) or environment variables, never from the YAML
     * itself, so the file can be shared and versioned without secrets.
     */
    private static AdminOptions admin(YamlNode node, Path base, String listenFlag) throws ConfigException {
        if (node.isMissing() && listenFlag == null) {
            return null;
        }
        node.onlyKeys(ADMIN_KEYS);
        HostPort listen = listenFlag != null
                ? flag("--admin", listenFlag, a -> HostPort.parse(a, AdminOptions.DEFAULT_PORT))
                : node.get("listen").isMissing() ? AdminOptions.DEFAULT_LISTEN
                : node.get("listen").hostPort(AdminOptions.DEFAULT_PORT);
        List<AdminToken> tokens = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (YamlNode t : node.get("tokens").elements()) {
            t.onlyKeys(TOKEN_KEYS);
            String name = t.get("name").text();
            if (!names.add(name)) {
                throw t.get("name").error(t.get("name").key() + ": token name '" + name + "' is used twice");
            }
            tokens.add(AdminToken.of(name, access(t.get("access")), secret(t, base)));
        }
        YamlNode tls = node.get("tls").onlyKeys(Set.of("certificate", "key"));
        AdminOptions.Tls certificate = tls.isMissing() ? null
                : new AdminOptions.Tls(tls.get("certificate").path(base, null), tls.get("key").path(base, null));
        try {
            return new AdminOptions(listen, tokens, certificate,
                    node.get("header-deadline").duration(AdminOptions.DEFAULT_HEADER_DEADLINE),
                    node.get("body-deadline").duration(AdminOptions.DEFAULT_BODY_DEADLINE),
                    (int) node.get("max-body").integer(1, 16 * 1024 * 1024, AdminOptions.DEFAULT_MAX_BODY_BYTES),
                    node.get("audit-log").isMissing() ? null : node.get("audit-log").path(base, null),
                    node.get("metrics-token").bool(false),
                    node.get("read-token").bool(true));
        } catch (IllegalArgumentException e) {
            throw listenFlag != null ? new ConfigException(null, ConfigException.NO_LINE, "--admin: " + e.getMessage())
                    : node.get("listen").isMissing() ? node.error("admin: " + e.getMessage())
                    : node.get("listen").error(node.get("listen").key() + ": " + e.getMessage());
        }
    }

    private static AdminToken.Access access(YamlNode node) throws ConfigException {
        return switch (node.text()) {
            case "read-only" -> AdminToken.Access.READ_ONLY;
            case "read-write" -> AdminToken.Access.READ_WRITE;
            default -> throw node.error(node.key() + ": expected read-only or read-write, got '" + node.text() + "'");
        };
    }

    /** A token's secret from its file or environment variable; the error never shows the secret. */
    private static String secret(YamlNode token, Path base) throws ConfigException {
        return secretText(token, "file", "env", "token", base);
    }

    /** A secret from the file or environment variable one of two keys names; the error never shows the secret. */
    private static String secretText(YamlNode node, String fileKey, String envKey, String what, Path base)
            throws ConfigException {
        YamlNode file = node.get(fileKey);
        YamlNode env = node.get(envKey);
        if (file.isMissing() == env.isMissing()) {
            throw node.error(node.key() + ": expected exactly one of '" + fileKey + "' (a path) or '" + envKey
                    + "' (a variable name)");
        }
        String secret;
        if (!file.isMissing()) {
            Path path = file.path(base, null);
            try {
                secret = java.nio.file.Files.readString(path);
            } catch (java.io.IOException e) {
                throw file.error(file.key() + ": cannot read the " + what + " file " + path + ": " + e.getMessage());
            }
        } else {
            secret = System.getenv(env.text());
            if (secret == null) {
                throw env.error(env.key() + ": the environment variable " + env.text() + " is not set");
            }
        }
        if (secret.isBlank()) {
            throw node.error(node.key() + ": the " + what + " is empty");
        }
        return secret;
    }

    private static TcpLimits tcp(YamlNode tcp) throws ConfigException {
        tcp.onlyKeys(TCP_KEYS);
        TcpLimits d = TcpLimits.DEFAULT;
        int max = (int) tcp.get("max-connections").integer(1, 1_000_000, d.maxConnections());
        try {
            return new TcpLimits(max, tcp.get("idle-timeout").duration(d.idleTimeout()),
                    tcp.get("message-timeout").duration(d.messageTimeout()));
        } catch (IllegalArgumentException e) {
            throw keyed(tcp, e);
        }
    }

    private static HealthOptions health(YamlNode root, Path base, Overrides overrides) throws ConfigException {
        YamlNode h = root.get("health").onlyKeys(HEALTH_KEYS);
        HealthOptions d = HealthOptions.DEFAULT;
        StaleRule afterMaxStaleness = d.afterMaxStaleness();
        YamlNode rule = h.get("after-max-staleness");
        if (!rule.isMissing()) {
            try {
                afterMaxStaleness = StaleRule.fromConfigName(rule.text());
            } catch (IllegalArgumentException e) {
                throw rule.error(rule.key() + ": " + e.getMessage());
            }
        }
        HealthOptions health;
        try {
            health = new HealthOptions(
                    overrides.region() != null ? overrides.region() : h.get("region").text(d.region()),
                    h.get("embedded-agent").bool(d.embeddedAgent()),
                    overrides.stateFile() != null ? overrides.stateFile()
                            : h.get("state-file").path(base, d.stateFile()),
                    h.get("quorum").number(d.quorum()),
                    (int) h.get("min-vantages").integer(1, 1000, d.minVantages()),
                    h.get("failback-delay").duration(d.failbackDelay()),
                    h.get("max-staleness").duration(d.maxStaleness()),
                    afterMaxStaleness, null);
        } catch (IllegalArgumentException e) {
            throw overrides.region() != null && e.getMessage().startsWith("region")
                    ? new ConfigException(null, ConfigException.NO_LINE, "--region: " + e.getMessage())
                    : keyed(h, e);
        }
        return health.withCluster(cluster(root.get("cluster"), overrides));
    }

    /** The file's cluster with the flags over it; {@code null} when neither names a member. */
    private static HealthOptions.Cluster cluster(YamlNode node, Overrides overrides) throws ConfigException {
        node.onlyKeys(CLUSTER_KEYS);
        ClusterOptions fromFile = ClusterOptions.read(node);
        HostPort bind = node.get("bind").isMissing() ? null : node.get("bind").hostPort(HostPort.CLUSTER_PORT);
        ClusterOptions options;
        try {
            options = ClusterOptions.withFlags(fromFile, overrides.clusterName(), overrides.members());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, ConfigException.NO_LINE, e.getMessage());
        }
        if (overrides.clusterBind() != null) {
            bind = flag("--cluster-bind", overrides.clusterBind(), b -> HostPort.parse(b, HostPort.CLUSTER_PORT));
        } else if (!overrides.members().isEmpty()) {
            bind = null; // --member replaces the file's members, and so the bind that was one of them
        }
        if (options == null) {
            if (bind != null) {
                throw new ConfigException(null, ConfigException.NO_LINE,
                        "--cluster-bind needs the members: give --member HOST[:PORT]");
            }
            return null;
        }
        return new HealthOptions.Cluster(options, bind != null ? bind : options.members().get(0));
    }

    private static List<HostPort> hostPorts(YamlNode list, int defaultPort) throws ConfigException {
        List<HostPort> out = new ArrayList<>();
        for (YamlNode element : list.elements()) {
            out.add(element.hostPort(defaultPort));
        }
        return out;
    }

    /** A flag's value through its parser; a malformed value is reported with the flag's name. */
    private static <T, R> R flag(String name, T value, Function<T, R> parse) throws ConfigException {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, ConfigException.NO_LINE, name + ": " + e.getMessage());
        }
    }

    /**
     * A block's values checked together (by a record's constructor) fail with a message that starts with the key at
     * fault ({@code "quorum must be ..."}); the error takes that key's line and full name when it is in the block.
     */
    private static ConfigException keyed(YamlNode block, IllegalArgumentException e) {
        String key = e.getMessage().split("[ :]", 2)[0];
        YamlNode at = block.get(key);
        return at.isMissing() ? block.error(e.getMessage())
                : at.error(at.key() + e.getMessage().substring(key.length()));
    }
}
