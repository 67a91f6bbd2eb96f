package dev.meridian.probes.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;

/** Local TCP backends for TCP checks: each accepts connections and closes them at once, until closed. */
public final class Backends {
    private Backends() {
    }

    /** A backend on 127.0.0.1, any free port, counting the connections (checks) it accepted. */
    public static ServerSocket listener(LongAdder accepted) throws IOException {
        ServerSocket server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    accepted.increment();
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        }, "backend-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
        return server;
    }
}
