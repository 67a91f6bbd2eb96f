package dev.meridian.probes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import com.hazelcast.spi.merge.MergingValue;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** After a split heals, a shared string keeps the value its writer said was changed later. */
class LaterChangeMergePolicyTest {
    private static final Instant EARLY = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATE = EARLY.plusSeconds(60);
    private final LaterChangeMergePolicy policy = new LaterChangeMergePolicy();

    /** One side's entry: the raw value is the stored string itself, as the policy hands it back. */
    private static MergingValue<Object> side(String stored) {
        return new MergingValue<>() {
            @Override
            public Object getDeserializedValue() {
                return stored;
            }

            @Override
            public Object getRawValue() {
                return stored;
            }
        };
    }

    @Test
    void theMergingSidesValueWinsWhenItWasChangedLater() {
        String later = StampedValue.of(LATE, "{\"forced\": null}");
        assertEquals(later, policy.merge(side(later), side(StampedValue.of(EARLY, "{\"forced\": \"down\"}"))));
    }

    @Test
    void theClustersValueStaysWhenItWasChangedLaterThoughTheOtherWasWrittenLast() {
        // A node that restarted alone during the split wrote its remembered (older) force after the clear.
        String cleared = StampedValue.of(LATE, "{\"forced\": null}");
        assertEquals(cleared, policy.merge(side(StampedValue.of(EARLY, "{\"forced\": \"down\"}")), side(cleared)));
    }

    @Test
    void aTieKeepsTheClustersValue() {
        String ours = StampedValue.of(EARLY, "ours");
        assertEquals(ours, policy.merge(side(StampedValue.of(EARLY, "theirs")), side(ours)));
    }

    @Test
    void aKeyOnlyTheMergingSideHasIsTaken() {
        String only = StampedValue.of(EARLY, "only");
        assertEquals(only, policy.merge(side(only), null));
    }

    @Test
    void aValueStoredWithoutATimeLosesToAnyStampedChange() {
        String stamped = StampedValue.of(EARLY, "{\"v\": 2}");
        assertEquals(stamped, policy.merge(side(stamped), side("{\"v\": 1}")));
    }
}
