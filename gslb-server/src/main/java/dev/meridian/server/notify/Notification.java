package dev.meridian.server.notify;

import dev.meridian.probes.health.FailoverEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as a webhook receives it.
 *
 * @param id the same for every attempt to deliver it, so a receiver can drop a repeat
 * @param kind what happened
 * @param at when it happened
 * @param node the DNS node that saw it (each node of a cluster reports what it sees)
 * @param subject what it happened to: an endpoint ({@code zone/region/endpoint}), a region ({@code zone/region}),
 *        an overlay's target, or the configuration's file
 * @param text one line for people, which Slack-style receivers show
 * @param details the event's facts, by stable name
 */
public record Notification(String id, Kind kind, Instant at, String node, String subject, String text,
        Map<String, Object> details) {

    /** What a notification is about; {@link #configName()} is its name in the body and in {@code events:}. */
    public enum Kind {
        FAILOVER, RECOVERY, REGION_DOWN, REGION_UP, DRAIN, UNDRAIN, RELOAD_FAILED;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The kind named {@code name} in a configuration file or a body. */
        public static Kind fromConfigName(String name) {
            for (Kind kind : values()) {
                if (kind.configName().equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("expected one of " + java.util.Arrays.stream(values())
                    .map(Kind::configName).toList() + ", got '" + name + "'");
        }
    }

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * A health status change as a notification: an endpoint's is a failover or a recovery, a region's (every
     * endpoint down, or one up again) a region-down or region-up; {@code null} when only freshness changed.
     */
    public static Notification of(FailoverEvent event, String node) {
        if (!event.isStatusChange()) {
            return null;
        }
        boolean down = event.to() == dev.meridian.probes.observe.HealthStatus.DOWN;
        // Keys are zone/region/endpoint for an endpoint, zone/region for a region (FailoverEvent's subject).
        boolean region = event.subject().chars().filter(c -> c == '/').count() < 2;
        Kind kind = region ? (down ? Kind.REGION_DOWN : Kind.REGION_UP) : (down ? Kind.FAILOVER : Kind.RECOVERY);
        String what = region ? "region " + event.subject() : event.subject();
        String text = switch (kind) {
            case FAILOVER -> "Failover: " + what + " is down, seen by " + vantages(event.downVantages());
            case RECOVERY -> "Recovered: " + what + " is up again";
            case REGION_DOWN -> "Region down: every endpoint of " + event.subject() + " is down";
            default -> "Region up: " + event.subject() + " has an endpoint up again";
        } + " (" + event.reason() + ", node " + node + ")";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", event.from().name().toLowerCase(java.util.Locale.ROOT));
        details.put("to", event.to().name().toLowerCase(java.util.Locale.ROOT));
        details.put("vantages", new JsonObject().put("down", new JsonArray(event.downVantages()))
                .put("up", new JsonArray(event.upVantages())));
        details.put("stale", event.stale());
        details.put("reason", event.reason());
        details.put("healthVersion", event.version());
        return new Notification(UUID.randomUUID().toString(), kind, event.at(), node, event.subject(), text, details);
    }

    /** An operator's drain or undrain of a region or endpoint through the admin API. */
    public static Notification change(Kind kind, Instant at, String node, String target, String token) {
        if (kind != Kind.DRAIN && kind != Kind.UNDRAIN) {
            throw new IllegalArgumentException("an operator's change is a drain or an undrain, not " + kind);
        }
        String text = (kind == Kind.DRAIN ? "Drained: " : "Undrained: ") + target + " by token " + token
                + " (node " + node + ")";
        return new Notification(UUID.randomUUID().toString(), kind, at, node, target, text, Map.of("token", token));
    }

    /** A reload the server refused: the previous configuration still serves. */
    public static Notification reloadFailed(Instant at, String node, String trigger, String serving, String error) {
        String text = "Reload refused on node " + node + " (" + trigger + "): " + error + "; configuration "
                + serving + " still serves";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("trigger", trigger);
        details.put("version", serving);
        details.put("error", error);
        return new Notification(UUID.randomUUID().toString(), Kind.RELOAD_FAILED, at, node, "configuration", text,
                details);
    }

    private static String vantages(java.util.List<String> names) {
        return names.isEmpty() ? "no fresh vantage" : String.join(", ", names);
    }

    /** The body posted: {@code text} first, then {@code event}, {@code id}, {@code at}, the rest by name. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("text", text).put("event", kind.configName()).put("id", id)
                .put("at", at.toString()).put("node", node).put("subject", subject);
        details.forEach(json::put);
        return json;
    }
}
