package dev.meridian.server.dnssec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Signing time per second, shared by the event loops. */
class SigningBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void signingStopsOnceTheSecondsBudgetIsSpentAndResumesTheNextSecond() {
        SigningBudget budget = new SigningBudget(1_000_000);
        long t = 42 * SECOND;

        assertTrue(budget.allows(t));
        budget.charge(600_000);
        assertTrue(budget.allows(t + 1));
        budget.charge(600_000);
        assertFalse(budget.allows(t + 2));
        assertTrue(budget.allows(t + SECOND));
    }

    @Test
    void aZeroBudgetMeansNoLimit() {
        SigningBudget budget = new SigningBudget(0);
        budget.charge(10 * SECOND);

        assertTrue(budget.allows(0));
    }
}
