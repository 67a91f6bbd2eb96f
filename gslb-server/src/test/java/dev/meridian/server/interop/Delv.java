package dev.meridian.server.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * BIND's {@code delv}: a validating lookup against one server, trusting only the anchor file it is given, with the
 * zone as the root of trust ({@code +root}). It prints {@code ; fully validated} for a secure answer and
 * {@code ; negative response, fully validated} for a secure denial.
 */
final class Delv {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Delv() {
    }

    /** The trust anchor file for {@code ds}, one DS record as {@code dnssec ds} prints it. */
    static Path anchors(Path file, String ds) throws IOException {
        String[] f = ds.trim().split("\\s+");
        // owner TTL class DS tag algorithm digest-type digest
        Files.writeString(file, "trust-anchors {\n  " + f[0] + " static-ds " + f[4] + " " + f[5] + " " + f[6]
                + " \"" + f[7] + "\";\n};\n");
        return file;
    }

    /** Asks {@code name type}, validating from {@code zone} with the anchors; returns delv's whole output. */
    static String query(InetAddress server, int port, Path anchors, String zone, String name, String type)
            throws IOException, InterruptedException {
        List<String> command = List.of("delv", "@" + server.getHostAddress(), "-p", String.valueOf(port), "-a",
                anchors.toString(), "+root=" + zone, name, type);
        Path out = Files.createTempFile("delv", ".txt");
        try {
            Process delv;
            try {
                delv = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            } catch (IOException e) {
                throw new IOException("cannot run delv; install it (Debian: bind9-dnsutils): " + e.getMessage(), e);
            }
            if (!delv.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                delv.destroyForcibly().waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError(String.join(" ", command) + ": still running after " + TIMEOUT);
            }
            return String.join(" ", command) + "\n" + Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
