package dev.meridian.server.querylog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class QueryQueueTest {
    @Test
    void aQueryBeyondTheLimitIsCountedAndDroppedAndTheQueuedOnesKept() {
        QueryQueue queue = new QueryQueue(2);
        LoggedQuery first = new LoggedQuery(1, null, null, null, null, -1);
        LoggedQuery second = new LoggedQuery(2, null, null, null, null, -1);
        queue.offer(first);
        queue.offer(second);
        queue.offer(new LoggedQuery(3, null, null, null, null, -1));
        assertEquals(1, queue.dropped());
        assertEquals(2, queue.size());
        assertEquals(first, queue.poll());
        assertEquals(second, queue.poll());
        assertNull(queue.poll());
        assertEquals(0, queue.size());
    }
}
