package dev.meridian.server.interop;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The packaged server jar run as a real process on loopback addresses, for tests against outside tools. It is
 * stopped by its PID: SIGTERM first, so the shutdown hook runs, then SIGKILL if it has not exited in time.
 */
final class MeridianProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final int PORT_ATTEMPTS = 10;

    private final Process process;
    private final List<InetAddress> hosts;
    private final int port;
    private final Path log;

    private MeridianProcess(Process process, List<InetAddress> hosts, int port, Path log) {
        this.process = process;
        this.hosts = hosts;
        this.port = port;
        this.log = log;
    }

    /** The jar under test, as the interop profile passes it. */
    static Path jar() {
        return existing("meridian.jar");
    }

    /** The repository root, as the interop profile passes it. */
    static Path root() {
        return existing("meridian.root");
    }

    /**
     * Starts the jar serving {@code zones} on every host at one free port, and returns once each host answers over
     * UDP. A port taken by someone else between choosing and binding costs one more attempt with another port.
     */
    static MeridianProcess start(Path zones, String identity, List<InetAddress> hosts, Path workDir,
            String... extraArgs) throws IOException, InterruptedException {
        Objects.requireNonNull(zones, "zones");
        Files.createDirectories(workDir);
        String lastLog = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort(hosts);
            List<String> args = new ArrayList<>(List.of("--zones", zones.toString(), "--identity", identity,
                    "--state-file", workDir.resolve("health.state").toString()));
            args.addAll(List.of(extraArgs));
            for (InetAddress host : hosts) {
                args.add("--listen");
                args.add(listenAddress(host, port));
            }
            Path log = workDir.resolve("server-" + attempt + ".log");
            Process process = javaJar(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MeridianProcess server = new MeridianProcess(process, List.copyOf(hosts), port, log);
            boolean ready = false;
            try {
                ready = server.awaitAnswering();
            } finally {
                if (!ready) {
                    server.close();
                }
            }
            if (ready) {
                return server;
            }
            lastLog = server.log();
            if (!lastLog.contains("cannot listen")) {
                break;
            }
        }
        throw new IllegalStateException("the server did not start answering within " + READY_TIMEOUT
                + "; its output:\n" + lastLog);
    }

    /** What a run of the jar that is expected to end printed, and how it ended. */
    record Exit(int code, List<String> stdout, List<String> stderr) {
    }

    /** Makes a signing key for {@code zone} in {@code dir} with the jar's {@code dnssec keygen}, which must succeed. */
    static void keygen(Path workDir, String zone, Path dir) throws IOException, InterruptedException {
        Exit keygen = run(workDir, Duration.ofSeconds(60), "dnssec", "keygen", zone, "--dir", dir.toString());
        if (keygen.code() != 0) {
            throw new AssertionError("dnssec keygen exited " + keygen.code() + ":\n" + String.join("\n",
                    keygen.stderr()));
        }
    }

    /** Runs the jar with these arguments to its end, killing it if it outlives the timeout. */
    static Exit run(Path workDir, Duration timeout, String... args) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = javaJar(List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stop(process);
            throw new AssertionError("java -jar " + String.join(" ", args) + " still running after " + timeout
                    + "; stderr:\n" + Files.readString(err));
        }
        return new Exit(process.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    }

    /** A port free for both TCP and UDP on every host when this returns; nothing holds it afterwards. */
    static int freePort(List<InetAddress> hosts) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            List<Closeable> held = new ArrayList<>();
            try {
                ServerSocket first = new ServerSocket(0, 1, hosts.get(0));
                held.add(first);
                int port = first.getLocalPort();
                held.add(new DatagramSocket(new InetSocketAddress(hosts.get(0), port)));
                for (InetAddress host : hosts.subList(1, hosts.size())) {
                    held.add(new ServerSocket(port, 1, host));
                    held.add(new DatagramSocket(new InetSocketAddress(host, port)));
                }
                return port;
            } catch (IOException e) {
                last = e;
            } finally {
                for (Closeable c : held) {
                    c.close();
                }
            }
        }
        throw last;
    }

    /** An IP address literal; never looks a name up. */
    static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** Whether this machine can bind the address at all (::1 is missing where IPv6 is disabled). */
    static boolean canBind(InetAddress host) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(host, 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    /**
     * Sends a signal by name ({@code HUP}, {@code TERM}) to the server's PID. A server that says it ignores SIGHUP was
     * started by a test run that ignores it (nohup): a SIGHUP test cannot pass there, and says why.
     */
    void signal(String name) throws IOException, InterruptedException {
        if (name.equals("HUP") && log().contains("SIGHUP is ignored in this process")) {
            throw new AssertionError("the server ignores SIGHUP: this test run was started with SIGHUP ignored "
                    + "(under nohup?); run it without");
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the server printed so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop(process);
    }

    private boolean awaitAnswering() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<InetAddress> waiting = new ArrayList<>(hosts);
        while (System.nanoTime() < deadline && process.isAlive()) {
            waiting.removeIf(this::answers);
            if (waiting.isEmpty()) {
                return true;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        return false;
    }

    /** Any reply counts, even REFUSED: the point is that the listener is up. */
    private boolean answers(InetAddress host) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(host, port));
        resolver.setTimeout(Duration.ofMillis(300));
        try {
            resolver.send(Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops a process started by a test: SIGTERM, then SIGKILL if it has not exited within the timeout. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static ProcessBuilder javaJar(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(root().toFile());
    }

    private static String listenAddress(InetAddress host, int port) {
        String literal = host.getHostAddress();
        return (literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal) + ":" + port;
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property
                    + " is not set; run these tests with ./mvnw -Pinterop verify");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + "=" + path + " does not exist");
        }
        return path;
    }
}
