package dev.meridian.probes.health;

import java.util.Arrays;
import java.util.Locale;

/**
 * What happens to an endpoint that has had no fresh votes for longer than {@link HealthSettings#maxStaleness()}.
 * Before that, a stale endpoint always keeps its last state.
 */
public enum StaleRule {
    /**
     * Keep the last state, as before the limit; the endpoint is only reported as expired. The default: losing every
     * agent often comes with losing the region they watch, so an endpoint last seen down is not sent traffic on a
     * guess, and the all-down mode still answers when nothing is left up.
     */
    HOLD("hold"),
    /** Count a down endpoint as up: for operators who prefer capacity to the risk of answering a dead endpoint. */
    FAIL_OPEN("fail-open");

    private final String configName;

    StaleRule(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files and reports: {@code hold} or {@code fail-open}. */
    public String configName() {
        return configName;
    }

    /** The rule with this configuration name; the message of the exception lists the names. */
    public static StaleRule fromConfigName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.configName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a stale rule; expected "
                        + String.join(" or ", Arrays.stream(values()).map(StaleRule::configName).toList())));
    }

    @Override
    public String toString() {
        return configName;
    }
}
