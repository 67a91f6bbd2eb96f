package dev.meridian.server.testing;

import dev.meridian.probes.testing.Await;
import java.lang.ref.WeakReference;

/** The garbage collector, run for tests of what must survive it. */
public final class Garbage {
    private Garbage() {
    }

    /** Runs collections until one has cleared a weakly held object: what only weak references held is gone. */
    public static void collect() {
        WeakReference<Object> sentinel = new WeakReference<>(new Object());
        Await.until(Await.LIMIT, "a collection cleared weak references", () -> {
            System.gc();
            return sentinel.get() == null;
        });
    }
}
