package dev.meridian.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ClusterOptions;
import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.health.StaleRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import dev.meridian.server.notify.Backoff;
import dev.meridian.server.notify.Notification;
import dev.meridian.server.notify.NotifyOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server's YAML file: defaults, values, overrides, paths, and errors that say file:line: problem. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsServeZonesOnLoopbackPort5300() throws ConfigException {
        ServerConfig config = ConfigLoader.load(null, ConfigLoader.Overrides.NONE);
        assertEquals(List.of(dns("127.0.0.1:5300")), config.listen());
        assertEquals(Path.of("zones"), config.zonesDir());
        assertEquals(TcpLimits.DEFAULT, config.tcp());
        assertEquals(Path.of("state", "health.state"), config.health().stateFile());
        assertNull(config.health().cluster());
    }

    @Test
    void fileValuesAreRead() throws Exception {
        ServerConfig config = load("""
                identity: ns7.example
                listen: ["192.0.2.1:53", "[2001:db8::1]:5353", "192.0.2.2"]
                tcp:
                  max-connections: 64
                  idle-timeout: 5s
                  message-timeout: 500ms
                """);
        assertEquals("ns7.example", config.identity());
        assertEquals(List.of(dns("192.0.2.1:53"), dns("[2001:db8::1]:5353"), dns("192.0.2.2:53")), config.listen());
        assertEquals(new TcpLimits(64, Duration.ofSeconds(5), Duration.ofMillis(500)), config.tcp());
    }

    @Test
    void pathsInTheFileAreRelativeToItsDirectory() throws Exception {
        Files.createFile(dir.resolve("v4.mmdb"));
        Path absolute = Files.createFile(Files.createDirectories(dir.resolve("lib")).resolve("v6.mmdb"));
        ServerConfig config = load("""
                zones: data/zones
                geoip: [v4.mmdb, %s]
                health: {state-file: run/health.state}
                """.formatted(absolute));
        assertEquals(dir.resolve("data/zones"), config.zonesDir());
        assertEquals(List.of(dir.resolve("v4.mmdb"), absolute), config.geoDatabases());
        assertEquals(dir.resolve("run/health.state"), config.health().stateFile());
    }

    @Test
    void oneGeoDatabaseNeedsNoList() throws Exception {
        Files.createFile(dir.resolve("city.mmdb"));
        assertEquals(List.of(dir.resolve("city.mmdb")), load("geoip: city.mmdb\n").geoDatabases());
    }

    @Test
    void missingGeoDatabaseInTheFileNamesItsLine() throws Exception {
        Files.createFile(dir.resolve("v4.mmdb"));
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                zones: zones
                geoip:
                  - v4.mmdb
                  - v6.mmdb
                """));
        assertEquals(dir.resolve("meridian.yaml") + ":4: geoip: " + dir.resolve("v6.mmdb") + ": no such file",
                e.getMessage());
    }

    @Test
    void missingGeoDatabaseFlagIsAnError() {
        Path absent = dir.resolve("absent.mmdb");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
                new ConfigLoader.Overrides(List.of(), null, null, List.of(absent), null, null, List.of(), null, null)));
        assertEquals("--geoip " + absent + ": no such file", e.getMessage());
    }

    @Test
    void healthAndClusterAreRead() throws Exception {
        HealthOptions health = load("""
                health: {region: eu-west, embedded-agent: false, state-file: run/health.state, quorum: 0.6,
                         min-vantages: 2, failback-delay: 1m, max-staleness: 10m, after-max-staleness: fail-open}
                cluster: {name: prod, bind: "192.0.2.2:5701", members: ["192.0.2.1:5701", "192.0.2.2:5701"]}
                """).health();
        assertEquals(new HealthOptions("eu-west", false, dir.resolve("run/health.state"), 0.6, 2,
                Duration.ofMinutes(1), Duration.ofMinutes(10), StaleRule.FAIL_OPEN,
                new HealthOptions.Cluster(new ClusterOptions("prod", List.of(member("192.0.2.1:5701"),
                        member("192.0.2.2:5701"))), member("192.0.2.2:5701"))), health);
    }

    @Test
    void clusterMemberWithoutPortUses5701AndBindsTheFirst() throws Exception {
        HealthOptions.Cluster cluster = load("cluster: {members: [192.0.2.1, \"[2001:db8::2]\"]}\n").health()
                .cluster();
        assertEquals("meridian", cluster.name());
        assertEquals(List.of(member("192.0.2.1:5701"), member("[2001:db8::2]:5701")), cluster.members());
        assertEquals(member("192.0.2.1:5701"), cluster.bind());
    }

    @Test
    void stalenessDefaultsToFiveMinutesThenHold() throws Exception {
        HealthOptions health = load("health:\n  region: eu\n").health();
        assertEquals(Duration.ofMinutes(5), health.maxStaleness());
        assertEquals(StaleRule.HOLD, health.afterMaxStaleness());
    }

    @Test
    void emptyFileMeansTheDefaults() throws Exception {
        assertEquals(TcpLimits.DEFAULT, load("# nothing set\n").tcp());
    }

    @Test
    void commandLineOverridesWin() throws Exception {
        ServerConfig config = ConfigLoader.load(write("identity: from-file\nlisten: [\"127.0.0.1:53\"]\n"),
                new ConfigLoader.Overrides(List.of("127.0.0.2:5300", "[::1]"), Path.of("z"), "from-flag", List.of(),
                        null, null, List.of(), null, null));
        assertEquals("from-flag", config.identity());
        assertEquals(Path.of("z"), config.zonesDir(), "a flag's path is relative to the working directory");
        assertEquals(List.of(dns("127.0.0.2:5300"), dns("[::1]:53")), config.listen());
    }

    @Test
    void memberFlagsReplaceTheFileMembersAndBindTheFirst() throws Exception {
        HealthOptions.Cluster cluster = ConfigLoader.load(
                write("cluster: {name: prod, bind: 192.0.2.9, members: [192.0.2.9]}\n"),
                new ConfigLoader.Overrides(List.of(), null, null, List.of(), null, null,
                        List.of("192.0.2.1,192.0.2.2:5702", "192.0.2.3"), null, null)).health().cluster();
        assertEquals(new HealthOptions.Cluster(new ClusterOptions("prod", List.of(member("192.0.2.1:5701"),
                member("192.0.2.2:5702"), member("192.0.2.3:5701"))), member("192.0.2.1:5701")), cluster);
    }

    @Test
    void clusterNameAndBindFlagsWin() throws Exception {
        HealthOptions.Cluster cluster = ConfigLoader.load(null, new ConfigLoader.Overrides(List.of(), null, null,
                List.of(), null, "staging", List.of("192.0.2.1", "192.0.2.2"), "192.0.2.2", null)).health().cluster();
        assertEquals("staging", cluster.name());
        assertEquals(member("192.0.2.2:5701"), cluster.bind());
    }

    @Test
    void adminTokensAreReadFromFilesBesideTheConfigurationAndKeptOnlyAsDigests() throws Exception {
        Files.writeString(dir.resolve("ops.token"), "s3cret-token\n");
        ServerConfig config = load("""
                admin:
                  listen: 127.0.0.1:9053
                  tokens:
                    - {name: ops, access: read-write, file: ops.token}
                  audit-log: state/audit.jsonl
                """);
        assertEquals(dns("127.0.0.1:9053"), config.admin().listen());
        assertEquals(List.of(dev.meridian.server.admin.AdminToken.of("ops",
                dev.meridian.server.admin.AdminToken.Access.READ_WRITE, "s3cret-token")), config.admin().tokens());
        assertEquals(dir.resolve("state/audit.jsonl"), config.admin().auditFile());
        assertTrue(config.admin().readNeedsToken(), "reads need a token unless the file says otherwise");
    }

    @Test
    void readTokenFalseLetsALoopbackAdminServeReadsWithoutAToken() throws Exception {
        ServerConfig config = load("admin:\n  read-token: false\n  tokens: []\n");
        assertFalse(config.admin().readNeedsToken());
    }

    @Test
    void eventLoopsDefaultToOnePerProcessor() throws Exception {
        assertEquals(Runtime.getRuntime().availableProcessors(), load("identity: a").eventLoops());
    }

    @Test
    void eventLoopsComeFromTheFileAndTheFlagWins() throws Exception {
        assertEquals(3, load("identity: a\nevent-loops: 3").eventLoops());
        ServerConfig flagged = ConfigLoader.load(write("identity: a\nevent-loops: 3"), new ConfigLoader.Overrides(
                List.of(), null, null, List.of(), null, null, List.of(), null, null, null, null, 5));
        assertEquals(5, flagged.eventLoops());
    }

    @Test
    void eventLoopsFlagOutOfRangeNamesTheFlag() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
                new ConfigLoader.Overrides(List.of(), null, null, List.of(), null, null, List.of(), null, null, null,
                        null, 0)));
        assertEquals("--event-loops: expected a whole number from 1 to 256, got 0", e.getMessage());
    }

    @Test
    void rateLimitingIsOnByDefaultAndTheFlagTurnsItOff() throws Exception {
        assertEquals(dev.meridian.server.dns.limit.RateLimitOptions.DEFAULT, load("identity: a").rateLimit());
        ServerConfig off = ConfigLoader.load(write("identity: a"), new ConfigLoader.Overrides(List.of(), null, null,
                List.of(), null, null, List.of(), null, null, null, 0));
        assertEquals(false, off.rateLimit().enabled());
    }

    @Test
    void latencySettingsDefaultAndAreReadFromTheLatencyBlock() throws Exception {
        assertEquals(dev.meridian.probes.latency.LatencySettings.DEFAULTS, load("identity: a").latency());
        var latency = load("latency:\n  ipv4-prefix: 22\n  margin-ms: 8\n  margin-percent: 15\n  fresh: 5m\n")
                .latency();
        assertEquals(22, latency.ipv4Prefix());
        assertEquals(8, latency.marginMillis());
        assertEquals(15, latency.marginPercent());
        assertEquals(java.time.Duration.ofMinutes(5), latency.fresh());
    }

    @Test
    void aCookieSecretIsReadFromItsFileAndThePreviousOneNeedsItsEnd() throws Exception {
        Files.writeString(dir.resolve("cookie.hex"), "000102030405060708090a0b0c0d0e0f\n");
        Files.writeString(dir.resolve("old.hex"), "ffeeddccbbaa99887766554433221100");
        ServerConfig config = load("cookies:\n  secret-file: cookie.hex\n  previous-secret-file: old.hex\n"
                + "  previous-until: 2026-12-04T00:00:00Z\n");
        assertEquals(java.util.HexFormat.of().formatHex(config.cookies().secret()), "000102030405060708090a0b0c0d0e0f");
        assertEquals(java.time.Instant.parse("2026-12-04T00:00:00Z"), config.cookies().previousUntil());
        Path file = write("cookies:\n  secret-file: cookie.hex\n  previous-secret-file: old.hex\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, ConfigLoader.Overrides.NONE));
        assertEquals(file + ":1: cookies.previous-until: the time the previous secret stops being accepted, such as "
                + "2026-12-04T00:00:00Z, is required with previous-secret-file", e.getMessage());
    }

    @Test
    void cookiesAreOnByDefaultWithASecretOfTheirOwn() throws Exception {
        assertEquals(16, load("identity: a").cookies().secret().length);
    }

    @Test
    void theAnycastBlockIsReadAndChecksItselfOnTheFirstListenAddressByDefault() throws Exception {
        ServerConfig config = load("listen: [192.0.2.53:53]\nanycast:\n  prefixes: [192.0.2.53/32, 2001:db8::53/128]\n"
                + "  canary: www.gslb.example\n  canary-type: AAAA\n  fall: 1\n"
                + "  degraded: {prepend: 2, asn: 65001, communities: [65001:100]}\n");
        dev.meridian.server.anycast.AnycastOptions anycast = config.anycast();
        assertEquals(2, anycast.prefixes().size());
        assertEquals(new java.net.InetSocketAddress("192.0.2.53", 53), anycast.selfCheck());
        assertEquals("www.gslb.example.", anycast.canary().toString());
        assertEquals(org.xbill.DNS.Type.AAAA, anycast.canaryType());
        assertEquals(1, anycast.fall());
        assertEquals(dev.meridian.server.anycast.AnycastOptions.DEFAULT_RISE, anycast.rise());
        assertEquals(new dev.meridian.server.anycast.DegradedRoute(false, 2, 65001, List.of("65001:100")),
                anycast.degraded());
        assertEquals(null, load("identity: a").anycast());
    }

    @Test
    void webhooksAreReadWithSecretsFromFilesAndAnAddressForNamedHosts() throws Exception {
        Files.writeString(dir.resolve("hook.secret"), "s3cret\n");
        ServerConfig config = load("""
                notify:
                  queue: 50
                  attempts: 4
                  first-retry: 200ms
                  max-retry: 5s
                  webhooks:
                    - name: chat
                      url: https://hooks.example.com/services/T1
                      address: 192.0.2.80
                      secret-file: hook.secret
                      events: [failover, recovery]
                    - {name: pager, url: 'http://[2001:db8::5]:8080/hook', secret-file: hook.secret}
                """);
        NotifyOptions notify = config.notifications();
        assertEquals(50, notify.queue());
        assertEquals(new Backoff(4, Duration.ofMillis(200), Duration.ofSeconds(5)), notify.backoff());
        NotifyOptions.Webhook chat = notify.webhooks().get(0);
        assertEquals("192.0.2.80", chat.address().getHostAddress());
        assertEquals(443, chat.port());
        assertEquals("s3cret", new String(chat.secret(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(java.util.Set.of(Notification.Kind.FAILOVER, Notification.Kind.RECOVERY), chat.events());
        NotifyOptions.Webhook pager = notify.webhooks().get(1);
        assertEquals("2001:db8:0:0:0:0:0:5", pager.address().getHostAddress());
        assertEquals(8080, pager.port());
        assertEquals(java.util.EnumSet.allOf(Notification.Kind.class), pager.events());
        assertFalse(chat.toString().contains("T1"), "the URL's path may be a secret: " + chat);
    }

    @Test
    void theQueryLogIsOffByDefaultAndItsFileIsBesideTheConfiguration() throws Exception {
        assertNull(load("identity: a").queryLog());
        ServerConfig config = load("query-log:\n  file: queries.jsonl\n  sample: 0.01\n  max-per-second: 200\n");
        assertEquals(new dev.meridian.server.querylog.QueryLogOptions(dir.resolve("queries.jsonl"), 0.01, 200,
                dev.meridian.server.querylog.QueryLogOptions.DEFAULT_QUEUE), config.queryLog());
    }

    @Test
    void signingIsOffByDefaultAndTheKeyDirectoryIsBesideTheConfiguration() throws Exception {
        assertNull(load("identity: a").dnssec());
        java.nio.file.Files.createDirectories(dir.resolve("keys"));
        ServerConfig config = load("dnssec:\n  keys: keys\n  validity: 168h\n  refresh: 24h\n"
                + "  inception-offset: 2h\n  cache-size: 1024\n  signing-budget: 100ms\n  publish-cds: true\n");
        assertEquals(new dev.meridian.server.dnssec.DnssecOptions(dir.resolve("keys"), java.time.Duration.ofDays(7),
                java.time.Duration.ofDays(1), java.time.Duration.ofHours(2), 1024, java.time.Duration.ofMillis(100),
                true),
                config.dnssec());
    }

    @Test
    void noNotifyBlockMeansNoWebhooks() throws Exception {
        assertEquals(NotifyOptions.NONE, load("identity: a").notifications());
    }

    @Test
    void theAdminApiIsNotServedUnlessConfigured() throws Exception {
        assertNull(load("identity: a").admin());
    }

    @Test
    void aMissingTokenFileNamesItsLineAndPath() throws Exception {
        Path file = write("admin:\n  tokens:\n    - {name: ops, access: read-only, file: missing.token}\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, ConfigLoader.Overrides.NONE));
        assertEquals(file + ":3: admin.tokens[0].file: cannot read the token file " + dir.resolve("missing.token")
                + ": " + dir.resolve("missing.token"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // the file, with \n for new lines | the problem reported, after "file:line: "
            "latency:\\n  margin-ms: -1|2|latency.margin-ms: expected a number from 0.0 to 10000.0, got '-1'",
            "latency:\\n  fresh: 2h|1|latency: latency freshness must be positive and no longer than the expiry",
            "anycast:\\n  canary: www.example.|1|anycast.prefixes: expected the service prefixes to announce, such as "
                    + "[192.0.2.53/32]",
            "anycast:\\n  prefixes: [192.0.2.53/32]|1|anycast.canary: expected the name the node asks itself for, "
                    + "such as www.example.com.",
            "anycast:\\n  prefixes: [192.0.2.53/33]\\n  canary: a.|2|anycast.prefixes[0]: prefix length 33 is longer than 32 bits",
            "anycast:\\n  prefixes: [192.0.2.53/32]\\n  canary: a.\\n  canary-type: BOGUS|4|anycast.canary-type: "
                    + "expected a query type such as A or AAAA, got 'BOGUS'",
            "anycast:\\n  prefixes: [192.0.2.53/32]\\n  canary: a.\\n  degraded: {prepend: 3}|4|anycast.degraded: "
                    + "prepend needs the node's asn, from 1 to 4294967295",
            "anycast:\\n  prefixes: [192.0.2.53/32]\\n  canary: a.\\n  interval: 1s\\n  timeout: 2s|1|anycast: "
                    + "timeout must be shorter than interval: a sample asks over UDP and TCP within one interval",
            "identity: a\\nlisten_on: [127.0.0.1]|2|unknown key 'listen_on'; expected one of [admin, anycast, cluster, "
                    + "cookies, dnssec, event-loops, geoip, health, identity, latency, listen, notify, query-log, "
                    + "rate-limit, tcp, zones]",
            "identity: a\\nevent-loops: 0|2|event-loops: expected a whole number from 1 to 256, got '0'",
            "identity: a\\nevent-loops: 257|2|event-loops: expected a whole number from 1 to 256, got '257'",
            "identity: a\\nevent-loops: auto|2|event-loops: expected a whole number from 1 to 256, got 'auto'",
            "dnssec:\\n  validity: 336h|1|dnssec.keys: the directory of the zone keys (made by gslb-server dnssec "
                    + "keygen) is required",
            "dnssec:\\n  keys: no-such-dir|2|dnssec.keys: NOKEYS: no such directory",
            "dnssec:\\n  keys: .\\n  validity: 48h\\n  refresh: 36h|1|dnssec: refresh must be more than 0 and at most "
                    + "half the validity (48h), got 36h",
            "dnssec:\\n  keys: .\\n  refresh: 1d|3|dnssec.refresh: expected a duration such as 500ms, 10s, 5m or 1h, "
                    + "got '1d'",
            "query-log:\\n  sample: 0.5|1|query-log.file: the file queries are logged to is required",
            "notify:\\n  queue: 10|1|notify: expected a list of webhooks",
            "notify:\\n  webhooks:\\n    - {name: ops, url: 'https://hooks.example.com/m', secret-env: HOME}|3|"
                    + "notify.webhooks[0].url: the URL names the host 'hooks.example.com' and the server never "
                    + "resolves names: give its IP address as 'address'",
            "notify:\\n  webhooks:\\n    - {name: ops, url: 'ftp://192.0.2.1/m', secret-env: HOME}|3|"
                    + "notify.webhooks[0].url: expected an http:// or https:// URL with a host, got 'ftp://192.0.2.1/m'",
            "notify:\\n  webhooks:\\n    - {name: ops, url: 'http://192.0.2.1/m'}|3|notify.webhooks[0]: expected "
                    + "exactly one of 'secret-file' (a path) or 'secret-env' (a variable name)",
            "notify:\\n  webhooks:\\n    - {name: ops, url: 'http://192.0.2.1/m', secret-env: HOME, events: [outage]}|3|"
                    + "notify.webhooks[0].events[0]: expected one of [failover, recovery, region-down, region-up, "
                    + "drain, undrain, reload-failed], got 'outage'",
            "notify:\\n  webhooks:\\n    - {name: ops, url: 'http://192.0.2.1/m', secret-env: HOME}\\n"
                    + "  max-retry: 10ms|4|notify.max-retry must be at least first-retry (1s), was 10ms",
            "cookies:\\n  previous-secret-file: old.hex|2|cookies.previous-secret-file needs a secret-file",
            "cookies:\\n  require: maybe|2|cookies.require: expected true or false, got 'maybe'",
            "rate-limit:\\n  slip: 11|2|rate-limit.slip: expected a whole number from 0 to 10, got '11'",
            "rate-limit:\\n  exempt: [10.0.0.1/8]|2|rate-limit.exempt[0]: '10.0.0.1/8' has host bits set; the "
                    + "network is 10.0.0.0/8",
            "admin:\\n  listen: 192.0.2.1:8053|2|admin.listen: admin listen address 192.0.2.1:8053 is not loopback: "
                    + "configure a TLS certificate and key, or listen on 127.0.0.1 or ::1",
            "admin:\\n  listen: 192.0.2.1:8053\\n  read-token: false\\n  tls: {certificate: c.pem, key: k.pem}|2|"
                    + "admin.listen: reads without a token are served on a plain loopback listener only; set "
                    + "read-token: true for 192.0.2.1:8053 with TLS",
            "admin:\\n  tokens:\\n    - {name: ops, access: admin, file: ops.token}|3|admin.tokens[0].access: expected "
                    + "read-only or read-write, got 'admin'",
            "admin:\\n  tokens:\\n    - {name: ops, access: read-only}|3|admin.tokens[0]: expected exactly one of "
                    + "'file' (a path) or 'env' (a variable name)",
            "admin:\\n  tokens:\\n    - {name: ops, access: read-only, env: MERIDIAN_TEST_UNSET_VARIABLE}|3|"
                    + "admin.tokens[0].env: the environment variable MERIDIAN_TEST_UNSET_VARIABLE is not set",
            "admin:\\n  tokens:\\n    - {name: ops, access: read-only, secret: abc}|3|unknown key "
                    + "'admin.tokens[0].secret'; expected one of [access, env, file, name]",
            "tcp: 512|1|tcp: expected a mapping of keys to values, got '512'",
            "tcp:\\n  max-connections: many|2|tcp.max-connections: expected a whole number from 1 to 1000000, "
                    + "got 'many'",
            "tcp:\\n  max-connections: 0|2|tcp.max-connections: expected a whole number from 1 to 1000000, got '0'",
            "tcp:\\n  idle-timeout: soon|2|tcp.idle-timeout: expected a duration such as 500ms, 10s, 5m or 1h, "
                    + "got 'soon'",
            "tcp:\\n  message-timeout: 0s|2|tcp.message-timeout must be a positive duration such as 10s, got 0s",
            "tcp: {idle-timout: 5s}|1|unknown key 'tcp.idle-timout'; expected one of [idle-timeout, "
                    + "max-connections, message-timeout]",
            "listen:\\n  - \"localhost:53\"|2|listen[0]: 'localhost:53': expected an IP address such as 192.0.2.1 "
                    + "or [2001:db8::1], not a host name or a shorthand",
            "listen: [127.0.0.1:70000]|1|listen[0]: '127.0.0.1:70000': the port must be a number from 0 to 65535",
            "listen: []|1|listen: expected at least one address such as 0.0.0.0:53",
            "listen: {a: 1}|1|listen: expected a list, got a mapping",
            "identity: [a, b]|1|identity: expected a value, got a list",
            "health:\\n  quorum: 1.5|2|health.quorum must be more than 0 and at most 1, got 1.5",
            "health:\\n  quorum: half|2|health.quorum: expected a number, got 'half'",
            "health:\\n  embedded-agent: yes|2|health.embedded-agent: expected true or false, got 'yes'",
            "health:\\n  max-staleness: 0s|2|health.max-staleness must be positive, got 0s",
            "health:\\n  max-staleness: 2m\\n  after-max-staleness: fail-closed|3|health.after-max-staleness: "
                    + "'fail-closed' is not a stale rule; expected hold or fail-open",
            "health:\\n  region: eu/west|2|health.region must be a name without '/', got 'eu/west'",
            "cluster:\\n  name: prod|1|cluster.members: list every DNS node's address, such as [192.0.2.11:5701]",
            "cluster:\\n  members: [999.1.1.1]|2|cluster.members[0]: '999.1.1.1': expected an IP address such as "
                    + "192.0.2.1 or [2001:db8::1], not a host name or a shorthand",
            "cluster:\\n  members: [192.0.2.1]\\n  bind: ns1.example.net:5701|3|cluster.bind: "
                    + "'ns1.example.net:5701': expected an IP address such as 192.0.2.1 or [2001:db8::1], not a "
                    + "host name or a shorthand",
            "cluster:\\n  members: [192.0.2.1]\\n  port: 5701|3|unknown key 'cluster.port'; expected one of [bind, "
                    + "members, name]",
            "identity: a\\nidentity: b|2|duplicate key 'identity'",
            "identity: a\\n  zones: b|2|not valid YAML: mapping values are not allowed here",
            "- 127.0.0.1|1|expected a mapping of keys to values, got a list"})
    void mistakeNamesFileLineAndProblem(String text, int line, String problem) throws Exception {
        Path file = write(text.replace("\\n", "\n"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, ConfigLoader.Overrides.NONE));
        assertEquals(file + ":" + line + ": " + problem.replace("NOKEYS", dir.resolve("no-such-dir").toString()),
                e.getMessage());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "--member|--member: '999.1.1.1': expected an IP address such as 192.0.2.1 or [2001:db8::1], not a host "
                    + "name or a shorthand",
            "--listen|--listen: '999.1.1.1': expected an IP address such as 192.0.2.1 or [2001:db8::1], not a host "
                    + "name or a shorthand",
            "--cluster-bind|--cluster-bind needs the members: give --member HOST[:PORT]"})
    void badFlagNamesTheFlag(String flag, String message) {
        List<String> bad = List.of("999.1.1.1");
        ConfigLoader.Overrides overrides = switch (flag) {
            case "--member" -> new ConfigLoader.Overrides(List.of(), null, null, List.of(), null, null, bad, null,
                    null);
            case "--listen" -> new ConfigLoader.Overrides(bad, null, null, List.of(), null, null, List.of(), null,
                    null);
            default -> new ConfigLoader.Overrides(List.of(), null, null, List.of(), null, null, List.of(),
                    "192.0.2.1", null);
        };
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, overrides));
        assertEquals(message, e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("absent.yaml");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, ConfigLoader.Overrides.NONE));
        assertEquals(file + ": no such file", e.getMessage());
    }

    private ServerConfig load(String text) throws Exception {
        return ConfigLoader.load(write(text), ConfigLoader.Overrides.NONE);
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("meridian.yaml"), text);
    }

    private static HostPort dns(String text) {
        return HostPort.parse(text, HostPort.DNS_PORT);
    }

    private static HostPort member(String text) {
        return HostPort.parse(text, HostPort.CLUSTER_PORT);
    }
}
