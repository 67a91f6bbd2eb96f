package dev.meridian.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test of real nodes in a real cluster starts (nodes, backends), closed after it in reverse order, with
 * Hazelcast's own INFO lines kept out of the test's output.
 */
public final class ClusterRig implements BeforeEachCallback, AfterEachCallback {
    /** Held so the level sticks: java.util.logging keeps loggers weakly. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    private final List<AutoCloseable> closing = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        HAZELCAST_LOG.setLevel(Level.WARNING);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        closing.clear();
    }

    /** Closes {@code resource} after the test, before whatever was registered earlier. */
    public <T extends AutoCloseable> T closeLater(T resource) {
        closing.add(resource);
        return resource;
    }
}
