package dev.meridian.server;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.logging.DefaultLogging;
import dev.meridian.server.ctl.CtlCommand;
import dev.meridian.server.dnssec.DnssecCommand;
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
        subcommands = {CheckConfigCommand.class, GeoBuildCommand.class, CtlCommand.class, WhatIfCommand.class,
            DnssecCommand.class},
        description = "Meridian authoritative DNS server and global load balancer.")
public final class Main implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = DefaultLogging.FLAG, paramLabel = "text|json",
            description = "Log one text line per record (default) or one JSON object per line.")
    DefaultLogging.Format logFormat;

    @Option(names = "--no-watch",
            description = "Do not reload when a zone, policy, geo or configuration file changes (SIGHUP still does).")
    boolean noWatch;

    public static void main(String[] args) {
        DefaultLogging.install(DefaultLogging.Format.of(args));
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        // Each command has its own version provider in picocli; the sub-commands answer -V as the server does.
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new ServerVersion()));
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        // Before the sockets are bound: a SIGHUP sent as soon as the server says it serves must not stop it.
        HangupSignal hangup = HangupSignal.install();
        MeridianServer server;
        try {
            server = MeridianServer.start(options.source(), !noWatch);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        hangup.reloadOn(server.reloader());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
