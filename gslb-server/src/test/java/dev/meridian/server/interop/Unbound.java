package dev.meridian.server.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Debian's {@code unbound} run as a validating resolver on loopback: it trusts only the DS it is given, sends every
 * query for the zone to one server (a stub zone), and passes the client subnet of each query on to that server (ECS,
 * RFC 7871), so a test sees what a resolver serving clients in different places validates. It answers with the AD
 * flag when it validated the answer as secure, and SERVFAIL when the answer is bogus. It caches for at most a second,
 * so a test that changes an answer sees the change without waiting out the TTL.
 */
final class Unbound implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final InetAddress host;
    private final int port;
    private final Path log;

    private Unbound(Process process, InetAddress host, int port, Path log) {
        this.process = process;
        this.host = host;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts unbound on {@code host}, validating {@code zone} from {@code ds} (one DS record as {@code dnssec ds}
     * prints it) and asking {@code server} for it; returns once it answers.
     */
    static Unbound start(Path workDir, InetAddress host, String zone, String ds, InetSocketAddress server)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        int port = MeridianProcess.freePort(List.of(host));
        String upstream = server.getAddress().getHostAddress();
        Path config = Files.writeString(workDir.resolve("unbound.conf"), """
                server:
                  interface: %1$s
                  port: %2$d
                  do-ip6: no
                  do-daemonize: no
                  username: ""
                  chroot: ""
                  directory: "%3$s"
                  pidfile: ""
                  use-syslog: no
                  logfile: ""
                  verbosity: 1
                  val-log-level: 2
                  access-control: 127.0.0.0/8 allow
                  do-not-query-localhost: no
                  qname-minimisation: no
                  module-config: "subnetcache validator iterator"
                  send-client-subnet: %4$s
                  client-subnet-always-forward: yes
                  cache-max-ttl: 1
                  trust-anchor: "%5$s"
                stub-zone:
                  name: "%6$s"
                  stub-addr: %4$s@%7$d
                """.formatted(host.getHostAddress(), port, workDir, upstream, ds.trim().replaceAll("\\s+", " "), zone,
                server.getPort()));
        Path log = workDir.resolve("unbound.log");
        Process process;
        try {
            process = new ProcessBuilder("unbound", "-d", "-c", config.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run unbound; install it (Debian: unbound): " + e.getMessage(), e);
        }
        Unbound unbound = new Unbound(process, host, port, log);
        boolean ready = false;
        try {
            ready = unbound.awaitAnswering();
        } finally {
            if (!ready) {
                unbound.close();
            }
        }
        if (!ready) {
            throw new IllegalStateException("unbound did not answer within " + READY_TIMEOUT + ":\n" + unbound.log());
        }
        return unbound;
    }

    /** Asks {@code name type} with DO set, as a client in {@code client}'s /32 (ECS), or without ECS if null. */
    Message ask(String name, int type, InetAddress client) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        List<org.xbill.DNS.EDNSOption> options = client == null ? List.of()
                : List.of(new ClientSubnetOption(32, client));
        query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO, options), org.xbill.DNS.Section.ADDITIONAL);
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(host, port));
        resolver.setTimeout(QUERY_TIMEOUT);
        return resolver.send(query);
    }

    /** Whether unbound validated {@code reply} as secure: the AD flag. */
    static boolean secure(Message reply) {
        return reply.getHeader().getFlag(Flags.AD);
    }

    /** What unbound logged, for failure messages (val-log-level 2 says why an answer was bogus). */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean awaitAnswering() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(host, port));
            resolver.setTimeout(Duration.ofMillis(300));
            try {
                resolver.send(Message.newQuery(Record.newRecord(Name.fromString("localhost."), Type.A, DClass.IN)));
                return true;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    @Override
    public void close() {
        MeridianProcess.stop(process);
    }
}
