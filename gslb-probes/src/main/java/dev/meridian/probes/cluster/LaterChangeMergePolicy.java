package dev.meridian.probes.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * How a shared string merges after a split heals: the value its writer said was changed later wins, whichever side
 * wrote it later ({@link StampedValue}); on a tie the cluster keeps its own. Hazelcast's own latest-update policy
 * compares when each side wrote the entry, so a node that restarted alone during the split and restored an old value
 * from its file would bring that value back over a newer change. Members create it by class name: it keeps no state.
 */
public final class LaterChangeMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {
    @Override
    public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        return later(String.valueOf(merging.getDeserializedValue()), String.valueOf(existing.getDeserializedValue()))
                ? merging.getRawValue() : existing.getRawValue();
    }

    /** Whether {@code merging} was changed after {@code existing}, by the times their writers gave. */
    static boolean later(String merging, String existing) {
        return StampedValue.parse(merging).changedAtMillis() > StampedValue.parse(existing).changedAtMillis();
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no state
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no state
    }
}
