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
 * @param rampFrom when a slow start began (an undrain, or asked for), or {@code null}
 * @param rampUntil when that slow start reaches the full share, or {@code null}
 * @param by the name of the token that made the last change
 * @param at when the last change was made
 */
public record Overlay(String target, Instant drainedAt, Integer weight, Forced forced, Instant forcedUntil,
        Instant rampFrom, Instant rampUntil, String by, Instant at) {

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
        if ((rampFrom == null) != (rampUntil == null)) {
            throw new IllegalArgumentException("a slow start needs both its start and its end");
        }
    }

    /** Nothing changed yet for {@code target}. */
    public static Overlay none(String target, String by, Instant at) {
        return new Overlay(target, null, null, null, null, null, null, by, at);
    }

    public boolean drained() {
        return drainedAt != null;
    }

    /** The forced state in force at {@code now}: none once its end has passed. */
    public Forced forcedAt(Instant now) {
        return forced != null && (forcedUntil == null || now.isBefore(forcedUntil)) ? forced : null;
    }

    /** Whether it changes nothing, so it can be forgotten (a slow start that ended changes nothing either). */
    public boolean isEmpty() {
        return drainedAt == null && weight == null && forced == null && (rampUntil == null || !rampUntil.isAfter(at));
    }

    public Overlay withDrain(Instant drainedAt, String by, Instant at) {
        return new Overlay(target, drainedAt, weight, forced, forcedUntil, rampFrom, rampUntil, by, at);
    }

    public Overlay withWeight(Integer weight, String by, Instant at) {
        return new Overlay(target, drainedAt, weight, forced, forcedUntil, rampFrom, rampUntil, by, at);
    }

    public Overlay withForced(Forced forced, Instant until, String by, Instant at) {
        return new Overlay(target, drainedAt, weight, forced, forced == null ? null : until, rampFrom, rampUntil, by,
                at);
    }

    /** A slow start from {@code at} over {@code length}; zero removes any. */
    public Overlay withRamp(java.time.Duration length, String by, Instant at) {
        boolean ramp = !length.isZero();
        return new Overlay(target, drainedAt, weight, forced, forcedUntil, ramp ? at : null,
                ramp ? at.plus(length) : null, by, at);
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
        if (rampFrom != null) {
            json.put("slowStartFrom", rampFrom.toString()).put("slowStartUntil", rampUntil.toString());
        }
        return json;
    }

    static Overlay fromJson(JsonObject json) {
        String forced = json.getString("forced");
        return new Overlay(json.getString("target"), instant(json.getString("drainedAt")), json.getInteger("weight"),
                forced == null ? null : Forced.valueOf(forced.toUpperCase(java.util.Locale.ROOT)),
                instant(json.getString("forcedUntil")), instant(json.getString("slowStartFrom")),
                instant(json.getString("slowStartUntil")), json.getString("by"), Instant.parse(json.getString("at")));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
