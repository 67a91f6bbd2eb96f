package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code packaging/bin}'s launchers: which jar each runs and with which JVM flags, read back from the JVM itself
 * ({@code -XX:+PrintCommandLineFlags}, added through the launcher's own {@code MERIDIAN_JAVA_OPTS}). That they
 * start a whole cluster is {@link DemoInteropIT}'s part: the demo runs every node and agent through them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherInteropIT {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    private static final String PRINT_FLAGS = "-XX:+PrintCommandLineFlags";
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path work;

    private record Run(int status, String output) {
    }

    @Test
    void serverLauncherRunsTheServerJarWithAFixedHeapAndG1WithAPauseGoal() throws Exception {
        Run run = launch("meridian-server", Map.of("MERIDIAN_JAVA_OPTS", PRINT_FLAGS), "--version");

        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("gslb-server " + System.getProperty("meridian.version")), run.output());
        assertHeap(256 * MIB, run.output());
        assertTrue(run.output().contains("-XX:+UseG1GC"), run.output());
        assertTrue(run.output().contains("-XX:MaxGCPauseMillis=20"), run.output());
        assertTrue(run.output().contains("-XX:+ExitOnOutOfMemoryError"), run.output());
    }

    @Test
    void agentLauncherRunsTheAgentJarWithItsOwnSmallerHeap() throws Exception {
        Run run = launch("meridian-agent", Map.of("MERIDIAN_JAVA_OPTS", PRINT_FLAGS), "--version");

        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("gslb-agent " + System.getProperty("meridian.version")), run.output());
        assertHeap(96 * MIB, run.output());
    }

    @Test
    void environmentOverridesHeapAndCollector() throws Exception {
        Run run = launch("meridian-server", Map.of("MERIDIAN_HEAP", "128m", "MERIDIAN_GC_OPTS", "-XX:+UseSerialGC",
                "MERIDIAN_JAVA_OPTS", PRINT_FLAGS), "--version");

        assertEquals(0, run.status(), run.output());
        assertHeap(128 * MIB, run.output());
        assertTrue(run.output().contains("-XX:+UseSerialGC"), run.output());
        assertFalse(run.output().contains("-XX:+UseG1GC"), run.output());
    }

    @Test
    void aMissingJarIsNamedAndExitsWithStatusTwo() throws Exception {
        Path missing = work.resolve("no-such.jar");

        Run run = launch("meridian-server", Map.of("MERIDIAN_JAR", missing.toString()), "--version");

        assertEquals(2, run.status(), run.output());
        assertEquals("meridian-server: MERIDIAN_JAR=" + missing + " does not exist\n", run.output());
    }

    /** Initial, minimum and maximum heap all {@code bytes}: the heap is fixed at start. */
    private static void assertHeap(long bytes, String flags) {
        for (String flag : List.of("InitialHeapSize", "MinHeapSize", "MaxHeapSize")) {
            assertTrue(flags.contains("-XX:" + flag + "=" + bytes + " "), flag + " in " + flags);
        }
    }

    private Run launch(String launcher, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path script = MeridianProcess.root().resolve("packaging/bin").resolve(launcher);
        List<String> command = new java.util.ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("MERIDIAN_"));
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().putAll(env);
        Path out = Files.createTempFile(work, launcher, ".txt");
        Process process = builder.redirectOutput(out.toFile()).start();
        if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(launcher + " still running after " + RUN_TIMEOUT);
        }
        return new Run(process.exitValue(), Files.readString(out));
    }
}
