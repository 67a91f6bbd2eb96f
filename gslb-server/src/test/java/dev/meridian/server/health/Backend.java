package dev.meridian.server.health;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A regional backend's health endpoint on loopback that a test can make healthy, failing, slow or gone. */
final class Backend implements AutoCloseable {
    enum Mode { HEALTHY, UNAVAILABLE, SLOW }

    private volatile Mode mode = Mode.HEALTHY;
    private MockWebServer server;
    private final int port;

    Backend() throws IOException {
        server = start(0);
        port = server.getPort();
    }

    int port() {
        return port;
    }

    /** Health checks this backend answered since it last (re)started listening. */
    int checks() {
        return server.getRequestCount();
    }

    void set(Mode value) {
        mode = value;
    }

    /** Stops listening: checks now get connection refused. */
    void refuse() throws IOException {
        server.close();
    }

    /** Listens again on the same port. */
    void restart() throws IOException {
        server = start(port);
    }

    private MockWebServer start(int onPort) throws IOException {
        MockWebServer web = new MockWebServer();
        web.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return switch (mode) {
                    case HEALTHY -> new MockResponse.Builder().code(200).body("ok").build();
                    case UNAVAILABLE -> new MockResponse.Builder().code(503).body("maintenance").build();
                    case SLOW -> new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).build();
                };
            }
        });
        web.start(InetAddress.getLoopbackAddress(), onPort);
        return web;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
