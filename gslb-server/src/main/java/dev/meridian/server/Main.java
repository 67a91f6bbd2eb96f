package dev.meridian.server;

import dev.meridian.server.config.ConfigException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code gslb-server} command: serves DNS until stopped, or checks the configuration. */
@Command(name = "gslb-server", mixinStandardHelpOptions = true, subcommands = CheckConfigCommand.class,
        description = "Meridian authoritative DNS server and global load balancer.")
public final class Main implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        MeridianServer server;
        try {
            server = MeridianServer.start(options.load());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
