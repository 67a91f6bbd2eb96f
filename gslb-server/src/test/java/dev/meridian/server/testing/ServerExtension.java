package dev.meridian.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestServer} for a whole test class, started before its first test and stopped, with its directory
 * removed, after its last: {@code @RegisterExtension static final ServerExtension SERVER = ServerExtension.testZone();}
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Function<Path, TestServer> start;
    private Path dir;
    private TestServer server;

    private ServerExtension(Function<Path, TestServer> start) {
        this.start = start;
    }

    /** Serves {@link TestZones#EXAMPLE}. */
    public static ServerExtension testZone() {
        return new ServerExtension(TestServer::start);
    }

    /** Serves the repository's example zone, policy and demo geo database. */
    public static ServerExtension repositoryExample() {
        return new ServerExtension(TestServer::example);
    }

    public TestServer server() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("meridian-test");
        server = start.apply(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
