package dev.meridian.probes.testing;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every vote test runs on: a Vert.x instance, the log captured (to assert the run stayed quiet), and what the
 * test started, closed after it in reverse order.
 */
public final class VoteRig implements BeforeEachCallback, AfterEachCallback {
    private final List<AutoCloseable> closing = new ArrayList<>();
    private LogCapture logs;
    private Vertx vertx;

    @Override
    public void beforeEach(ExtensionContext context) {
        logs = LogCapture.attach();
        vertx = Vertx.vertx();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        closing.clear();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        logs.close();
    }

    public Vertx vertx() {
        return vertx;
    }

    public LogCapture logs() {
        return logs;
    }

    /** Closes {@code resource} after the test, before whatever was registered earlier. */
    public <T extends AutoCloseable> T closeLater(T resource) {
        closing.add(resource);
        return resource;
    }
}
