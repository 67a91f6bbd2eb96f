package dev.meridian.probes.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A DNS responder on a loopback address that answers every query REFUSED after a delay it is told, and counts the
 * packets it gets: a resolver a given number of milliseconds away. Replies are delayed on a timer, so a slow reply
 * never holds up counting the next query.
 */
public final class DelayedResponder implements AutoCloseable {
    private final DatagramSocket socket;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Thread reader;
    private final AtomicLong received = new AtomicLong();
    private volatile long delayMillis;

    /** Listens on {@code address} and {@code port} (0: any free port). */
    public DelayedResponder(String address, int port, long delayMillis) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), port));
        this.delayMillis = delayMillis;
        this.reader = new Thread(this::serve, "responder-" + address);
        reader.setDaemon(true);
        reader.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Queries received so far. */
    public long received() {
        return received.get();
    }

    public void delay(long millis) {
        this.delayMillis = millis;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            received.incrementAndGet();
            if (packet.getLength() < 12) {
                continue;
            }
            byte[] reply = Arrays.copyOf(packet.getData(), packet.getLength());
            reply[2] = (byte) (reply[2] | 0x80);
            reply[3] = (byte) ((reply[3] & 0xf0) | 5);
            DatagramPacket out = new DatagramPacket(reply, reply.length, packet.getSocketAddress());
            timer.schedule(() -> {
                try {
                    socket.send(out);
                } catch (IOException e) {
                    // Closed while the reply waited: the test is over.
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        timer.shutdownNow();
        reader.join(5_000);
    }
}
