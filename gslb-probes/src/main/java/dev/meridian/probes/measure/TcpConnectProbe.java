package dev.meridian.probes.measure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Times a TCP connect to the resolver's DNS port (the handshake is one round trip); the connection is closed. */
final class TcpConnectProbe implements RttProbe {
    private final MeasureSettings settings;

    TcpConnectProbe(MeasureSettings settings) {
        this.settings = settings;
    }

    @Override
    public double measure(InetAddress resolver) {
        try (Socket socket = new Socket()) {
            long started = System.nanoTime();
            socket.connect(new InetSocketAddress(resolver, settings.port()), (int) settings.timeout().toMillis());
            return (System.nanoTime() - started) / 1e6;
        } catch (IOException e) {
            return -1;
        }
    }
}
