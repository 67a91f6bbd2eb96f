package dev.meridian.server;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.zone.AuthoritativeZone;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.serving.ServingSnapshot;
import dev.meridian.server.serving.SnapshotLoader;
import dev.meridian.server.zone.ZoneSet;
import dev.meridian.server.dnssec.KeyTimeline;
import dev.meridian.server.dnssec.SigningStage;
import dev.meridian.server.dnssec.ZoneSigner;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Validates the configuration and every zone exactly as start-up does, without binding anything. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Check the configuration and every zone; exit non-zero naming file, line and problem.")
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            ServerConfig config = options.load();
            // Read as start-up reads them, so a key file it would refuse fails here with the same message.
            Map<Name, KeyTimeline> timelines = config.dnssec() == null ? Map.of()
                    : SigningStage.load(config.dnssec(), Clock.systemUTC()).timelines();
            Instant now = Clock.systemUTC().instant();
            try (ServingSnapshot snapshot = SnapshotLoader.load(config, options.config, new EndpointIndex(),
                    Clock.systemUTC())) {
                ZoneSet zones = snapshot.zones();
                for (AuthoritativeZone zone : zones.zones()) {
                    long gslb = snapshot.gslb().all().stream().filter(n -> zones.zoneFor(n.name()) == zone).count();
                    KeyTimeline keys = timelines.get(zone.origin());
                    spec.commandLine().getOut().println("zone " + zone.origin() + " serial " + zone.soa().getSerial()
                            + ", " + gslb + " GSLB name(s)" + (keys == null ? "" : ", " + signing(keys.at(now))));
                    // A rollover planned in the key files, so the operator sees its steps before restarting.
                    for (Instant change : keys == null ? List.<Instant>of() : keys.changes()) {
                        spec.commandLine().getOut().println("  from " + change + ": " + signing(keys.at(change)));
                    }
                }
                spec.commandLine().getOut().println("configuration OK: " + zones.size() + " zone(s), version "
                        + snapshot.version().shortDigest());
            }
            return 0;
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
    }

    /** The keys a signer publishes, each marked KSK or ZSK, and "published only" when it does not sign. */
    private static String signing(ZoneSigner signer) {
        return "signed with key(s) " + signer.keys().stream()
                .map(k -> k.tag() + (k.entryPoint() ? " (KSK" : " (ZSK")
                        + (signer.signs(k) ? ")" : ", published only)"))
                .collect(Collectors.joining(", "));
    }
}
