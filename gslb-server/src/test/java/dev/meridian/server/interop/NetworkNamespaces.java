package dev.meridian.server.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces a test creates, links with veth pairs, runs processes in and deletes: the test's own small
 * Internet on one machine, reaching nothing outside. Names carry this JVM's PID so parallel runs cannot collide.
 * {@link #close()} stops every process started here by PID (children first) and deletes every namespace, also when
 * the test failed.
 */
final class NetworkNamespaces implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String prefix = "mer" + ProcessHandle.current().pid() + "-";
    private final List<String> created = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    /** Creates a namespace with its loopback up; its full name is returned. */
    String add(String name) throws IOException, InterruptedException {
        String full = prefix + name;
        ip("netns", "add", full);
        created.add(full);
        ip("-n", full, "link", "set", "lo", "up");
        return full;
    }

    /** A veth pair between two namespaces, each end addressed (CIDR) and up. */
    void link(String ns1, String if1, String cidr1, String ns2, String if2, String cidr2)
            throws IOException, InterruptedException {
        ip("link", "add", if1, "netns", ns1, "type", "veth", "peer", "name", if2, "netns", ns2);
        ip("-n", ns1, "addr", "add", cidr1, "dev", if1);
        ip("-n", ns2, "addr", "add", cidr2, "dev", if2);
        ip("-n", ns1, "link", "set", if1, "up");
        ip("-n", ns2, "link", "set", if2, "up");
    }

    /** Runs {@code ip} with these arguments to its end; fails the test with its output when it fails. */
    void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command);
    }

    /** Runs a command inside a namespace to its end and returns its output (standard output and error). */
    String exec(String ns, String... command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(command));
        return run(all);
    }

    /** Like {@link #exec}, but returns the output whatever the exit status. */
    String execAnyway(String ns, String... command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(command));
        Process process = new ProcessBuilder(all).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return out;
    }

    /**
     * Starts a long-running process in a namespace ({@code ip netns exec} replaces itself with it, so the PID is the
     * command's), its output appended to {@code log}.
     */
    Process start(String ns, Path log, Map<String, String> env, String... command) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(all).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " still running after " + COMMAND_TIMEOUT);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ": " + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        for (Process process : reversed(started)) {
            List<ProcessHandle> children = process.descendants().toList();
            children.forEach(ProcessHandle::destroy);
            process.destroy();
            for (ProcessHandle child : children) {
                child.onExit().completeOnTimeout(child, STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
                child.destroyForcibly();
            }
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        for (String ns : reversed(created)) {
            run(List.of("ip", "netns", "delete", ns));
        }
    }
}
