package dev.meridian.server.serving;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.config.ServerConfig;
import java.nio.file.Path;

/** Where the server configuration comes from; read again on every reload, so an edited YAML file takes effect. */
public interface ConfigSource {
    /** Reads the configuration now. */
    ServerConfig load() throws ConfigException;

    /** The YAML file, or {@code null} when the configuration comes from flags and defaults only. */
    Path file();

    /** A configuration that never changes (its zone, policy and geo files are still read again on reload). */
    static ConfigSource fixed(ServerConfig config) {
        return new ConfigSource() {
            @Override
            public ServerConfig load() {
                return config;
            }

            @Override
            public Path file() {
                return null;
            }
        };
    }
}
