package dev.meridian.server;

import dev.meridian.server.config.ConfigException;
import dev.meridian.server.geo.GeoBuildCommand;
import dev.meridian.server.serving.HangupSignal;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code gslb-server} command: serves DNS until stopped, or checks the configuration. */
@Command(name = "gslb-server", mixinStandardHelpOptions = true, versionProvider = ServerVersion.class,
        subcommands = {CheckConfigCommand.class, GeoBuildCommand.class},
        description = "Meridian authoritative DNS server and global load balancer.")
public final class Main implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--no-watch",
            description = "Do not reload when a zone, policy, geo or configuration file changes (SIGHUP still does).")
    boolean noWatch;

    /** One line per event with an ISO 8601 timestamp, unless the operator configured logging otherwise. */
    private static final String LOG_FORMAT = "%1$tFT%1$tT.%1$tL%1$tz %4$s %3$s: %5$s%6$s%n";

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null
                && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        }
        CommandLine cli = new CommandLine(new Main());
        // Each command has its own version provider in picocli; the sub-commands answer -V as the server does.
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new ServerVersion()));
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        MeridianServer server;
        try {
            server = MeridianServer.start(options.source(), !noWatch);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        HangupSignal.reloadOn(server.reloader());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
