package dev.meridian.server.interop;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/demo.sh} run as a reader runs it: started in the foreground, then its {@code fail}, {@code recover}
 * and {@code stop} commands beside it. Its run directory is the test's own, so its PID files are the test's to read;
 * the JVM that runs the tests runs the demo's Java too.
 */
final class DemoScript implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** SIGINT's bit in {@code /proc/PID/status}'s {@code SigIgn} mask (signal 2, bit 1). */
    private static final long SIGINT_MASK = 1L << 1;

    private final Path runDir;
    private final Path output;
    private final Process demo;
    private final Set<ProcessHandle> seen = new HashSet<>();

    private DemoScript(Path runDir, Path output, Process demo) {
        this.runDir = runDir;
        this.output = output;
        this.demo = demo;
    }

    /** Starts the demo with its run directory under {@code work}; it prints, then runs until stopped. */
    static DemoScript start(Path work) throws IOException {
        Path runDir = Files.createDirectories(work.resolve("run"));
        Path output = work.resolve("demo.out");
        Process demo = command(runDir).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new DemoScript(runDir, output, demo);
    }

    /** Runs {@code scripts/demo.sh ARGS} beside the running demo, to its end; returns what it printed. */
    String run(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(runDir.getParent(), "demo-command", ".txt");
        Process process = command(runDir, args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("demo.sh " + String.join(" ", args) + " still running after " + COMMAND_TIMEOUT);
        }
        String printed = Files.readString(out);
        if (process.exitValue() != 0) {
            throw new AssertionError("demo.sh " + String.join(" ", args) + " exited " + process.exitValue() + ":\n"
                    + printed);
        }
        return printed;
    }

    /**
     * Every program the demo has started so far, by PID: those in its PID files (a stand-in started by
     * {@code recover} is no child of the demo) and every JVM among the demo's descendants (not the short-lived
     * tools its shell runs, which end by themselves). Accumulates over calls, so a program that has ended since is
     * still accounted for.
     */
    Set<ProcessHandle> started() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir, "*.pid")) {
            for (Path file : files) {
                String pid = Files.readString(file).strip();
                if (!pid.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(seen::add);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // The demo removes a PID file once its process is stopped: nothing to add from it.
        }
        demo.descendants().filter(DemoScript::isJava).forEach(seen::add);
        return Set.copyOf(seen);
    }

    /**
     * Stops the demo as Ctrl-C does: SIGINT to the script, whose trap stops what it started. Where the test runs
     * with SIGINT ignored (a build started in the background passes that on, and a shell cannot trap a signal it
     * started ignoring), the demo gets SIGTERM instead, which the same trap handles.
     */
    Stopped interrupt() throws IOException, InterruptedException {
        String signal = ignoresSigint(demo.pid()) ? "TERM" : "INT";
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(demo.pid())).start();
        if (!kill.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IOException("kill -" + signal + " " + demo.pid() + " failed");
        }
        if (!demo.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the demo still runs " + STOP_TIMEOUT + " after SIG" + signal);
        }
        return new Stopped(signal, demo.exitValue());
    }

    /** The signal the demo was stopped with, and its exit status. */
    record Stopped(String signal, int status) {
        /** What a shell exits with when a signal's trap exits as the signal would: 128 + its number. */
        int expectedStatus() {
            return 128 + (signal.equals("INT") ? 2 : 15);
        }
    }

    boolean isAlive() {
        return demo.isAlive();
    }

    /** What the demo printed so far. */
    String output() throws IOException {
        return Files.readString(output);
    }

    /** Whatever is left, by PID: the demo's own stop first, then SIGKILL to every process seen. */
    @Override
    public void close() throws IOException {
        Set<ProcessHandle> all = started();
        try {
            if (demo.isAlive()) {
                command(runDir, "stop").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                demo.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean isJava(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    private static boolean ignoresSigint(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & SIGINT_MASK) != 0;
            }
        }
        throw new IOException("/proc/" + pid + "/status has no SigIgn line");
    }

    private static ProcessBuilder command(Path runDir, String... args) {
        Path root = MeridianProcess.root();
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("scripts/demo.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        builder.environment().put("MERIDIAN_DEMO_DIR", runDir.toString());
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return builder;
    }
}
