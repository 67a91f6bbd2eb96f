package dev.meridian.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Turns the YAML configuration file and command-line overrides into a {@link ServerConfig}. Relative paths in the
 * file are taken from the file's own directory, so a configuration works wherever the server is started.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .registerModule(new SimpleModule("meridian-config")
                    .addDeserializer(Duration.class, new TextValueDeserializer<>(Duration.class, Durations::parse))
                    .addDeserializer(ListenAddress.class,
                            new TextValueDeserializer<>(ListenAddress.class, ListenAddress::parse)));

    private ConfigLoader() {
    }

    /** Values given on the command line; each one that is present wins over the file. */
    public record Overrides(List<String> listen, Path zonesDir, String identity, List<Path> geoDatabases, String region,
            List<String> clusterMembers, String clusterBind, Path stateFile) {
        public static final Overrides NONE = new Overrides(List.of(), null, null, List.of(), null, List.of(), null, null);

        public Overrides {
            listen = listen == null ? List.of() : List.copyOf(listen);
            geoDatabases = geoDatabases == null ? List.of() : List.copyOf(geoDatabases);
            clusterMembers = clusterMembers == null ? List.of() : List.copyOf(clusterMembers);
        }
    }

    /**
     * Loads the configuration.
     *
     * @param file the YAML file, or {@code null} to start from the built-in defaults
     */
    public static ServerConfig load(Path file, Overrides overrides) throws ConfigException {
        ConfigFile parsed = file == null ? ConfigFile.EMPTY : read(file);
        Path base = file == null ? Path.of("") : file.toAbsolutePath().getParent();
        try {
            List<ListenAddress> listen;
            if (!overrides.listen().isEmpty()) {
                listen = overrides.listen().stream().map(ListenAddress::parse).toList();
            } else if (parsed.listen() != null) {
                listen = parsed.listen();
            } else {
                listen = List.of(ServerConfig.DEFAULT_LISTEN);
            }
            Path zones = overrides.zonesDir() != null ? overrides.zonesDir()
                    : parsed.zones() != null ? base.resolve(parsed.zones()).normalize()
                    : ServerConfig.DEFAULT_ZONES;
            String identity = overrides.identity() != null ? overrides.identity()
                    : parsed.identity() != null ? parsed.identity()
                    : localHostName();
            TcpLimits tcp = parsed.tcp() == null ? TcpLimits.DEFAULT : parsed.tcp().limits();
            List<Path> geo = !overrides.geoDatabases().isEmpty() ? overrides.geoDatabases()
                    : parsed.geoip() != null ? parsed.geoip().stream().map(p -> base.resolve(p).normalize()).toList()
                    : ServerConfig.DEFAULT_GEO_DATABASES;
            return new ServerConfig(listen, zones, identity, tcp, geo, health(parsed, overrides, base));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, e.getMessage());
        }
    }

    private static HealthOptions health(ConfigFile parsed, Overrides overrides, Path base) {
        HealthOptions health = parsed.health() == null ? HealthOptions.DEFAULT
                : parsed.health().options(HealthOptions.DEFAULT, base);
        if (parsed.cluster() != null) {
            health = health.withCluster(parsed.cluster().cluster());
        }
        if (overrides.region() != null) {
            health = health.withRegion(overrides.region());
        }
        if (overrides.stateFile() != null) {
            health = health.withStateFile(overrides.stateFile());
        }
        if (!overrides.clusterMembers().isEmpty()) {
            List<ListenAddress> members = overrides.clusterMembers().stream()
                    .flatMap(m -> java.util.Arrays.stream(m.split(","))).map(ListenAddress::parse).toList();
            ListenAddress bind = overrides.clusterBind() != null ? ListenAddress.parse(overrides.clusterBind())
                    : members.get(0);
            String name = health.cluster() != null ? health.cluster().name() : "meridian";
            health = health.withCluster(new HealthOptions.Cluster(name, bind, members));
        }
        return health;
    }

    private static ConfigFile read(Path file) throws ConfigException {
        byte[] yaml;
        try {
            yaml = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, "no such file");
        } catch (IOException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, "cannot read: " + e.getMessage(), e);
        }
        try {
            ConfigFile parsed = YAML.readValue(yaml, ConfigFile.class);
            return parsed == null ? ConfigFile.EMPTY : parsed;
        } catch (JsonMappingException e) {
            int line = keyLine(yaml, e);
            if (line == ConfigException.NO_LINE) {
                line = YamlLines.lineOf(yaml, e.getPath());
            }
            throw new ConfigException(file, line != ConfigException.NO_LINE ? line : line(e.getLocation()), problem(e), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, line(e.getLocation()), problem(e), e);
        } catch (IOException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * A block checked as a whole (such as {@code health:}) fails with the block's path; its messages start with the
     * key at fault ({@code "quorum must be ..."}), so that key's own line is reported when it is in the block.
     */
    private static int keyLine(byte[] yaml, JsonMappingException e) {
        if (!(e instanceof ValueInstantiationException) || e.getCause() == null || e.getCause().getMessage() == null
                || e.getPath().isEmpty()) {
            return ConfigException.NO_LINE;
        }
        String key = e.getCause().getMessage().split("[ :]", 2)[0];
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() == null) {
                return ConfigException.NO_LINE;
            }
            pointer.append('/').append(YamlLines.escape(ref.getFieldName()));
        }
        return key.isEmpty() ? ConfigException.NO_LINE
                : YamlLines.lineOf(yaml, pointer.append('/').append(YamlLines.escape(key)).toString());
    }

    private static int line(JsonLocation location) {
        return location == null ? ConfigException.NO_LINE : Math.max(location.getLineNr(), ConfigException.NO_LINE);
    }

    private static String problem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key '" + u.getPropertyName() + "'; expected one of " + u.getKnownPropertyIds();
        }
        if ((e instanceof ValueInstantiationException || e instanceof InvalidFormatException) && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        return e.getOriginalMessage();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "meridian";
        }
    }
}
