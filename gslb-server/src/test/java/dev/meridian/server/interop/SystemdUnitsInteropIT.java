package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code packaging/systemd}'s units as {@code systemd-analyze verify} judges them, installed the way their comments
 * say into a throwaway root: the launchers at {@code /usr/bin}, the distribution's own units beside them (every
 * service depends on {@code sysinit.target}) and {@code /bin/kill} for {@code ExecReload}. So verify checks the
 * units' keys, values and commands for real, and any line it prints about them fails the test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SystemdUnitsInteropIT {
    private static final List<String> UNITS = List.of("meridian-server.service", "meridian-agent.service");
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @BeforeEach
    void installIntoThrowawayRoot() throws IOException {
        Path project = MeridianProcess.root();
        Path usrBin = Files.createDirectories(root.resolve("usr/bin"));
        Files.copy(project.resolve("packaging/bin/meridian-server"), usrBin.resolve("meridian-server"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(usrBin.resolve("meridian-agent"), Path.of("meridian-server"));
        Path kill = Files.createDirectories(root.resolve("bin")).resolve("kill");
        Files.copy(Path.of("/bin/kill").toRealPath(), kill, StandardCopyOption.COPY_ATTRIBUTES);
        copyTree(systemUnitDirectory(), root.resolve("usr/lib/systemd/system"));
        Path units = Files.createDirectories(root.resolve("etc/systemd/system"));
        for (String unit : UNITS) {
            Files.copy(project.resolve("packaging/systemd").resolve(unit), units.resolve(unit));
        }
    }

    @Test
    void systemdAnalyzeVerifyAcceptsBothUnitsWithoutAWord() throws Exception {
        Verify result = verify(UNITS);

        assertEquals(0, result.status(), result.output());
        assertEquals("", result.output(), "systemd-analyze verify printed warnings about the units");
    }

    @Test
    void verifyInThisRootReportsAMistakeInAUnit() throws Exception {
        Path unit = root.resolve("etc/systemd/system/meridian-server.service");
        Files.writeString(unit, Files.readString(unit).replace("NoNewPrivileges=", "NoNewPrivilege="));

        Verify result = verify(List.of("meridian-server.service"));

        assertTrue(result.output().contains("Unknown key 'NoNewPrivilege'"), result.output());
    }

    @Test
    void verifyInThisRootReportsAMissingCommand() throws Exception {
        Files.delete(root.resolve("usr/bin/meridian-server"));

        Verify result = verify(List.of("meridian-server.service"));

        assertTrue(result.status() != 0, result.output());
        assertTrue(result.output().contains("/usr/bin/meridian-server is not executable"), result.output());
    }

    private record Verify(int status, String output) {
    }

    private Verify verify(List<String> units) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root));
        command.addAll(units);
        Path out = root.resolve("verify-output.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(VERIFY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("systemd-analyze verify still running after " + VERIFY_TIMEOUT);
        }
        String output = Files.readString(out);
        Files.delete(out);
        return new Verify(process.exitValue(), output);
    }

    /** Where this distribution keeps its units ({@code /lib} is {@code /usr/lib} on merged systems). */
    private static Path systemUnitDirectory() throws IOException {
        for (String candidate : List.of("/usr/lib/systemd/system", "/lib/systemd/system")) {
            Path dir = Path.of(candidate);
            if (Files.isRegularFile(dir.resolve("sysinit.target"))) {
                return dir.toRealPath();
            }
        }
        throw new IOException("no systemd unit directory with sysinit.target; install Debian's systemd package");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isSymbolicLink(path)) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
