package dev.meridian.server.dnssec;

import dev.meridian.probes.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code dnssec} commands: make a zone's keys, and print the DS records its parent publishes. */
@Command(name = "dnssec", mixinStandardHelpOptions = true,
        subcommands = {DnssecCommand.Keygen.class, DnssecCommand.Ds.class, DnssecCommand.RolloverZsk.class},
        description = "Make DNSSEC keys and show DS records. Copy the key directory to every node serving the zone.")
public final class DnssecCommand {
    private DnssecCommand() {
    }

    /** {@code dnssec keygen ZONE}: a combined key, or with {@code --split} a key-signing and a zone-signing key. */
    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Make a combined signing key for ZONE (or a KSK/ZSK pair with --split), in files readable "
                    + "by their owner only.")
    static final class Keygen implements Callable<Integer> {
        @Parameters(paramLabel = "ZONE", description = "The zone the key signs, such as example.com.")
        String zone;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "keys",
                description = "Key directory, created if missing (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "ECDSAP256SHA256",
                description = "ECDSAP256SHA256 (13, default) or ED25519 (15).")
        KeyAlgorithm algorithm;

        @Option(names = "--split", description = "Make a key-signing key and a zone-signing key instead of one.")
        boolean split;

        @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "3600",
                description = "TTL of the DNSKEY RRset (default: ${DEFAULT-VALUE}).")
        long ttl;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Name origin = zoneName(zone);
                List<ZoneKey> keys = split
                        ? List.of(ZoneKey.generate(origin, algorithm, true, ttl),
                                ZoneKey.generate(origin, algorithm, false, ttl))
                        : List.of(ZoneKey.generate(origin, algorithm, true, ttl));
                for (ZoneKey key : keys) {
                    Path file = KeyFiles.write(dir, key);
                    spec.commandLine().getOut().println("wrote " + file + " (" + (!split ? "combined signing key"
                            : key.entryPoint() ? "key-signing key" : "zone-signing key") + ", tag " + key.tag()
                            + ")");
                }
                return 0;
            } catch (IllegalArgumentException | IOException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code dnssec ds ZONE}: the DS records of the zone's entry point keys, as zone-file lines. */
    @Command(name = "ds", mixinStandardHelpOptions = true,
            description = "Print the DS records (SHA-256) for ZONE's key-signing keys, for the parent zone.")
    static final class Ds implements Callable<Integer> {
        @Parameters(paramLabel = "ZONE", description = "The zone, such as example.com.")
        String zone;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "keys",
                description = "Key directory (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Name origin = zoneName(zone);
                List<ZoneKey> keys = KeyFiles.read(dir).getOrDefault(origin, List.of()).stream()
                        .filter(ZoneKey::entryPoint).toList();
                if (keys.isEmpty()) {
                    spec.commandLine().getErr().println("error: " + dir + ": no key-signing key for " + origin);
                    return 1;
                }
                for (ZoneKey key : keys) {
                    spec.commandLine().getOut().println(ds(key));
                }
                return 0;
            } catch (TextParseException | ConfigException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 1;
            }
        }
    }

    /**
     * {@code dnssec rollover-zsk ZONE}: plans a ZSK rollover by pre-publication as key timing in the key files
     * ({@link ZskRollover}); the servers carry it out at the times written once they have the files.
     */
    @Command(name = "rollover-zsk", mixinStandardHelpOptions = true,
            description = "Roll ZONE's zone-signing key over by pre-publication: write a new ZSK published now and "
                    + "signing after the DNSKEY TTL plus --propagation, and retire the current one then, removing it "
                    + "after --max-ttl plus --propagation more. Copy the directory to every node before --propagation "
                    + "has passed.")
    static final class RolloverZsk implements Callable<Integer> {
        @Parameters(paramLabel = "ZONE", description = "The zone, such as example.com.")
        String zone;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "keys",
                description = "Key directory (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--propagation", paramLabel = "DURATION", defaultValue = "PT1H",
                description = "How long the key files take to reach and restart every node (ISO-8601, default: "
                        + "${DEFAULT-VALUE}).")
        Duration propagation;

        @Option(names = "--max-ttl", paramLabel = "DURATION", defaultValue = "P1D",
                description = "The zone's largest TTL, GSLB answers and denials included (ISO-8601, default: "
                        + "${DEFAULT-VALUE}).")
        Duration maxTtl;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Name origin = zoneName(zone);
                List<ZoneKey> keys = KeyFiles.read(dir).getOrDefault(origin, List.of());
                ZskRollover plan = ZskRollover.plan(origin, keys, Instant.now(), propagation, maxTtl);
                Path file = KeyFiles.write(dir, plan.next());
                for (ZoneKey old : plan.retired()) {
                    KeyFiles.retime(dir, old);
                }
                KeyTiming next = plan.next().timing();
                spec.commandLine().getOut().println("wrote " + file + " (zone-signing key, tag " + plan.next().tag()
                        + "): published now, signing from " + KeyTiming.text(next.activate()) + " UTC");
                for (ZoneKey old : plan.retired()) {
                    spec.commandLine().getOut().println("key " + old.tag() + " stops signing at "
                            + KeyTiming.text(old.timing().inactive()) + " and is removed at "
                            + KeyTiming.text(old.timing().delete()) + " UTC");
                }
                spec.commandLine().getOut().println("copy " + dir + " to every node and restart each before "
                        + KeyTiming.text(next.publish().plus(propagation)) + " UTC");
                return 0;
            } catch (IllegalArgumentException | IOException | ConfigException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 1;
            }
        }
    }

    /** The SHA-256 DS record of {@code key}, with the DNSKEY's TTL. */
    public static DSRecord ds(ZoneKey key) {
        return new DSRecord(key.dnskey().getName(), key.dnskey().getDClass(), key.dnskey().getTTL(),
                DNSSEC.Digest.SHA256, key.dnskey());
    }

    private static Name zoneName(String text) throws TextParseException {
        return Name.fromString(text, Name.root);
    }
}
