package dev.meridian.probes.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's host name, read without a lookup: {@code InetAddress.getLocalHost()} may ask a resolver, and
 * neither program ever resolves a name.
 */
public final class HostName {
    private HostName() {
    }

    /** The kernel's host name, else {@code $HOSTNAME}, else {@code fallback}. */
    public static String local(String fallback) {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | SecurityException e) {
            // not Linux, or not readable: the environment, then the fallback
        }
        String env = System.getenv("HOSTNAME");
        return env != null && !env.isBlank() ? env.strip() : fallback;
    }
}
