package dev.meridian.probes.check;

import java.util.Objects;

/** How one check ended: the endpoint answered as expected, answered wrongly or not at all, or ran out of time. */
public sealed interface CheckResult {
    /** Whether the check counts as a success for rise/fall. */
    default boolean passed() {
        return this instanceof Ok;
    }

    /**
     * The endpoint answered as expected.
     *
     * @param rttMillis time from the start of the check to the verdict, connection set-up included
     */
    record Ok(double rttMillis) implements CheckResult {
    }

    /**
     * The endpoint answered wrongly (a status outside the range, missing text, another rcode) or refused.
     *
     * @param reason what went wrong, for operators
     * @param rttMillis time from the start of the check to the verdict
     */
    record Failed(String reason, double rttMillis) implements CheckResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No verdict within the check's timeout. */
    record TimedOut() implements CheckResult {
    }
}
