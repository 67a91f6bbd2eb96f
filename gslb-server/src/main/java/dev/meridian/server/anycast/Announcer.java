package dev.meridian.server.anycast;

import dev.meridian.server.health.HealthReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs anycast health on one thread of its own: a readiness sample every interval, the announcement machine, and the
 * ExaBGP lines for each change written to {@code out} (the node's standard output when ExaBGP runs it as a process).
 * Operators withdraw and announce by hand through it; the node's stop withdraws first.
 */
public final class Announcer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Announcer.class.getName());
    /**
     * ExaBGP reads its process's standard output; logs go to standard error, so nothing else is written there.
     * Flushed per line: a buffered withdraw is a route that stays.
     */
    public static final Consumer<String> STANDARD_OUTPUT = line -> {
        System.out.println(line);
        System.out.flush();
    };

    private final AnycastOptions options;
    private final Supplier<Readiness> readiness;
    private final ExaBgpLines lines;
    private final Consumer<String> out;
    private final ManualWithdrawFile manualFile;
    private final Clock clock;
    private final AnnouncementMachine machine;
    private final ScheduledExecutorService thread;
    private final List<Consumer<Announcement>> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Announcement current;
    private volatile Readiness lastSample;

    Announcer(AnycastOptions options, Supplier<Readiness> readiness, Consumer<String> out, Path manualFile,
            Clock clock) {
        this.options = options;
        this.readiness = readiness;
        this.lines = new ExaBgpLines(options.prefixes(), options.degraded());
        this.out = out;
        this.manualFile = new ManualWithdrawFile(manualFile);
        this.clock = clock;
        this.machine = new AnnouncementMachine(options.rise(), options.fall(), options.holdDown(),
                this.manualFile.read(), clock.instant());
        this.current = machine.current();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "anycast");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Follows a serving node: it queries itself on {@code options.selfCheck()}, expecting its own {@code identity} as
     * NSID, and reads {@code health}; the manual
     * withdraw is kept in {@code manualFile}.
     */
    public static Announcer start(AnycastOptions options, String identity, Supplier<HealthReport> health,
            Consumer<String> out, Path manualFile) {
        SelfCheck selfCheck = new SelfCheck(options.selfCheck(), options.canary(), options.canaryType(),
                options.timeout(), identity);
        Announcer announcer = new Announcer(options, new ReadinessCheck(selfCheck, health)::sample, out, manualFile,
                Clock.systemUTC());
        announcer.start();
        return announcer;
    }

    /** States the initial withdraw (a node restarted under a running ExaBGP takes back what it announced) and runs. */
    void start() {
        thread.execute(() -> emit(current));
        long every = options.interval().toMillis();
        thread.scheduleWithFixedDelay(this::sample, every, every, TimeUnit.MILLISECONDS);
    }

    /** Called with each new announcement, on the announcer's thread. */
    public void observe(Consumer<Announcement> observer) {
        observers.add(observer);
    }

    public Announcement current() {
        return current;
    }

    /** The last readiness sample, or {@code null} before the first. */
    public Readiness lastSample() {
        return lastSample;
    }

    public AnycastOptions options() {
        return options;
    }

    /** Whether the prefixes go out now (degraded ones too, unless degraded means withdrawn). */
    public boolean announces() {
        return lines.announces(current.state());
    }

    /** The ExaBGP commands that state the current announcement, as written on its last change. */
    public List<String> commands() {
        return lines.of(current.state());
    }

    /** Withdraws by hand, kept across restarts until {@link #announceByHand}. */
    public CompletableFuture<Announcement> withdrawByHand(String by) {
        return CompletableFuture.supplyAsync(() -> {
            manualFile.write(by);
            machine.withdrawByHand(by, clock.instant()).ifPresent(this::emit);
            return current;
        }, thread);
    }

    /** Lifts a manual withdraw. */
    public CompletableFuture<Announcement> announceByHand(String by) {
        return CompletableFuture.supplyAsync(() -> {
            manualFile.clear();
            machine.announceByHand(by, clock.instant()).ifPresent(this::emit);
            return current;
        }, thread);
    }

    /** Withdraws for good, first thing on stop; completes once the lines are written. */
    public CompletableFuture<Announcement> shutdown() {
        return CompletableFuture.supplyAsync(() -> {
            if (!current.shutdown()) {
                emit(machine.shutdown(clock.instant()));
            }
            return current;
        }, thread);
    }

    private void sample() {
        try {
            Readiness sample = readiness.get();
            lastSample = sample;
            Optional<Announcement> changed = machine.sample(sample, clock.instant());
            changed.ifPresent(this::emit);
        } catch (RuntimeException e) {
            // A sample that throws is a bug, not a verdict: log it and keep the loop (a dead loop never withdraws).
            LOG.log(System.Logger.Level.ERROR, "anycast: readiness sample failed", e);
        }
    }

    private void emit(Announcement announcement) {
        current = announcement;
        lines.of(announcement.state()).forEach(out);
        LOG.log(announcement.state().announced() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "anycast: {0} {1}: {2}", announcement.state().label(), options.prefixes(), announcement.reason());
        observers.forEach(o -> o.accept(announcement));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
