package dev.meridian.server.control;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * What an operator changed for one target — an endpoint ({@code region/name}, as the policy file names it) or a whole
 * region (its name), in every zone that has it. Each field is independent; {@code null} leaves the configuration's
 * value.
 *
 * @param target an endpoint id or a region name
 * @param drainedAt when it was drained, or {@code null}
 * @param weight the weight in force instead of the configured one, or {@code null}
 * @param forced the state forced whatever the vantages see, or {@code null}
 * @param forcedUntil when the forced state ends by itself, or {@code null} for never
 * @param by the name of the token that made the last change
 * @param at when the last change was made
 */
public record Overlay(String target, Instant drainedAt, Integer weight, Forced forced, Instant forcedUntil, String by,
        Instant at) {

    /** A state an operator forces, for maintenance or to override a wrong verdict. */
    public enum Forced {
        UP, DOWN
    }

    public Overlay {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        if (weight != null && weight < 0) {
            throw new IllegalArgumentException("weight must not be negative");
        }
    }

    /** Nothing changed yet for {@code target}. */
    public static Overlay none(String target, String by, Instant at) {
        return new Overlay(target, null, null, null, null, by, at);
    }

    public boolean drained() {
        return drainedAt != null;
    }

    /** The forced state in force at {@code now}: none once its end has passed. */
    public Forced forcedAt(Instant now) {
        return forced != null && (forcedUntil == null || now.isBefore(forcedUntil)) ? forced : null;
    }

    /** Whether it changes nothing, so it can be forgotten. */
    public boolean isEmpty() {
        return drainedAt == null && weight == null && forced == null;
    }

    public Overlay withDrain(Instant drainedAt, String by, Instant at) {
        return new Overlay(target, drainedAt, weight, forced, forcedUntil, by, at);
    }

    public Overlay withWeight(Integer weight, String by, Instant at) {
        return new Overlay(target, drainedAt, weight, forced, forcedUntil, by, at);
    }

    public Overlay withForced(Forced forced, Instant until, String by, Instant at) {
        return new Overlay(target, drainedAt, weight, forced, forced == null ? null : until, by, at);
    }

    /** The JSON form the overlay file and the admin API share: only the fields it changes. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("target", target).put("by", by).put("at", at.toString());
        if (drainedAt != null) {
            json.put("drainedAt", drainedAt.toString());
        }
        if (weight != null) {
            json.put("weight", weight);
        }
        if (forced != null) {
            json.put("forced", forced.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (forcedUntil != null) {
            json.put("forcedUntil", forcedUntil.toString());
        }
        return json;
    }

    static Overlay fromJson(JsonObject json) {
        String forced = json.getString("forced");
        return new Overlay(json.getString("target"), instant(json.getString("drainedAt")), json.getInteger("weight"),
                forced == null ? null : Forced.valueOf(forced.toUpperCase(java.util.Locale.ROOT)),
                instant(json.getString("forcedUntil")), json.getString("by"), Instant.parse(json.getString("at")));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
