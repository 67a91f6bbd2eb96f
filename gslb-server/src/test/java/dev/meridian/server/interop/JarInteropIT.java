package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jars as an operator runs them: {@code java -jar} and nothing else on the command line. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JarInteropIT {
    private static final InetAddress V4 = MeridianProcess.literal("127.0.0.1");
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    /** What Hazelcast logs when the JVM denies it the module access it asks for. */
    private static final String MODULE_ACCESS_WARNING = "without proper access to required Java packages";

    @TempDir
    Path work;

    @Test
    void serverVersionIsTheBuildVersion() throws Exception {
        MeridianProcess.Exit exit = MeridianProcess.run(work, RUN_TIMEOUT, "--version");

        assertEquals(0, exit.code(), String.join("\n", exit.stderr()));
        assertEquals(List.of("gslb-server " + buildVersion()), exit.stdout());
    }

    @Test
    void agentVersionIsTheBuildVersion() throws Exception {
        Path agentJar = MeridianProcess.root().resolve("gslb-probes/target/gslb-agent.jar");
        assertTrue(Files.isRegularFile(agentJar), agentJar + " is built before the server's interop tests");
        Path out = work.resolve("agent-version.txt");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", agentJar.toString(),
                "--version").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "gslb-agent --version ended");

        assertEquals(0, process.exitValue(), Files.readString(out));
        assertEquals(List.of("gslb-agent " + buildVersion()), Files.readAllLines(out));
    }

    @Test
    void clusterMemberStartsWithoutModuleAccessWarning() throws Exception {
        int clusterPort = MeridianProcess.freePort(List.of(V4));
        try (MeridianProcess server = MeridianProcess.start(MeridianProcess.root().resolve("zones"), "jar-node",
                List.of(V4), work.resolve("member"), "--member", "127.0.0.1:" + clusterPort)) {
            String log = server.log();

            // Hazelcast's own INFO lines are out of the default log; the server says it joined the cluster.
            assertTrue(log.contains("checked, cluster meridian"), log);
            assertFalse(log.contains(MODULE_ACCESS_WARNING), log);
        }
    }

    private static String buildVersion() throws IOException {
        String version = System.getProperty("meridian.version");
        if (version == null) {
            throw new IOException("the interop profile passes meridian.version");
        }
        return version;
    }
}
