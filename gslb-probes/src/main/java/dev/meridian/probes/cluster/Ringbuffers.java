package dev.meridian.probes.cluster;

import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reading the end of a ring buffer, newest first, as the cluster's logs are shown to operators. */
final class Ringbuffers {
    private static final long READ_TIMEOUT_SECONDS = 5;

    private Ringbuffers() {
    }

    /**
     * Up to {@code wanted} newest items, newest first. May block up to five seconds; not for the query path.
     *
     * @param what names the log in errors
     */
    static <T> List<T> newestFirst(Ringbuffer<T> ringbuffer, int wanted, String what) {
        if (wanted <= 0) {
            return List.of();
        }
        // One retry: the head may move past our start while we read.
        for (int attempt = 0;; attempt++) {
            long tail = ringbuffer.tailSequence();
            if (tail < 0) {
                return List.of();
            }
            long start = Math.max(ringbuffer.headSequence(), tail - wanted + 1);
            try {
                ReadResultSet<T> read = ringbuffer.readManyAsync(start, 0, (int) (tail - start + 1), null)
                        .toCompletableFuture().get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                List<T> items = new ArrayList<>(read.size());
                read.forEach(items::add);
                Collections.reverse(items);
                return List.copyOf(items);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof StaleSequenceException) || attempt > 0) {
                    throw new IllegalStateException("could not read " + what, e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("reading " + what + " timed out after " + READ_TIMEOUT_SECONDS + " s",
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + what, e);
            }
        }
    }
}
