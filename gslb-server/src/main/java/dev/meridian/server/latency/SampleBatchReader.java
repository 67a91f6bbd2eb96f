package dev.meridian.server.latency;

import dev.meridian.probes.latency.ClientNetwork;
import dev.meridian.probes.latency.LatencySample;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.probes.latency.LatencySource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code {"samples": [{"client", "region", "rttMs", "time"}, ...]}} from real users: the client as an address
 * or a network at least as long as the latency map's, a configured region, an RTT of 0 to 60 000 ms, and a time
 * within the map's freshness (and no more than a minute ahead). One bad sample refuses the whole batch, so a refused
 * batch changes nothing.
 */
public final class SampleBatchReader {
    /** The most samples one batch may carry. */
    public static final int MAX_SAMPLES = 1000;
    static final double MAX_RTT_MILLIS = 60_000;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final LatencySettings settings;

    public SampleBatchReader(LatencySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Checks a parsed body against the regions configured now and the time now. */
    public BatchCheck read(JsonObject body, Set<String> regions, Instant now) {
        Object raw = body == null ? null : body.getValue("samples");
        if (!(raw instanceof JsonArray samples)) {
            return new BatchCheck.Rejected("the body must be a JSON object with a \"samples\" array");
        }
        if (samples.isEmpty()) {
            return new BatchCheck.Rejected("\"samples\" is empty");
        }
        if (samples.size() > MAX_SAMPLES) {
            return new BatchCheck.Rejected("\"samples\" has " + samples.size() + " entries; at most " + MAX_SAMPLES
                    + " per batch");
        }
        List<LatencySample> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Object item = samples.getValue(i);
            String where = "samples[" + i + "]";
            if (!(item instanceof JsonObject sample)) {
                return new BatchCheck.Rejected(where + " is not an object");
            }
            try {
                out.add(sample(sample, regions, now));
            } catch (IllegalArgumentException | ClassCastException e) {
                return new BatchCheck.Rejected(where + ": " + e.getMessage());
            }
        }
        return new BatchCheck.Accepted(out);
    }

    private LatencySample sample(JsonObject json, Set<String> regions, Instant now) {
        ClientNetwork network = network(string(json, "client"));
        String region = string(json, "region");
        if (!regions.contains(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not configured; known: "
                    + regions.stream().sorted().toList());
        }
        Object rtt = json.getValue("rttMs");
        if (!(rtt instanceof Number number) || !(number.doubleValue() >= 0)
                || number.doubleValue() > MAX_RTT_MILLIS) {
            throw new IllegalArgumentException("rttMs must be a number of milliseconds from 0 to "
                    + (long) MAX_RTT_MILLIS + ", not " + rtt);
        }
        Instant at;
        try {
            at = Instant.parse(string(json, "time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time must be an RFC 3339 UTC time such as 2026-01-31T12:00:00Z");
        }
        if (at.isBefore(now.minus(settings.fresh()))) {
            throw new IllegalArgumentException("time " + at + " is older than " + settings.fresh().toMinutes()
                    + " minutes: too stale to route by");
        }
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw new IllegalArgumentException("time " + at + " is in the future");
        }
        return new LatencySample(network, region, number.doubleValue(), at.toEpochMilli(), LatencySource.RUM);
    }

    private ClientNetwork network(String client) {
        int slash = client.indexOf('/');
        InetAddress address = ClientNetwork.literal(slash < 0 ? client : client.substring(0, slash));
        int measured = address instanceof Inet4Address ? settings.ipv4Prefix() : settings.ipv6Prefix();
        if (slash >= 0) {
            int prefix;
            try {
                prefix = Integer.parseInt(client.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("client '" + client + "' has no valid prefix length");
            }
            if (prefix < measured || prefix > (address instanceof Inet4Address ? 32 : 128)) {
                throw new IllegalArgumentException("client '" + client + "' must be an address or a network of /"
                        + measured + " or longer");
            }
        }
        return ClientNetwork.of(address, measured);
    }

    private static String string(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(field + " is missing or not a string");
        }
        return text;
    }
}
