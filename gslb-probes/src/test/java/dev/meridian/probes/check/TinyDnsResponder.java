package dev.meridian.probes.check;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * A UDP DNS responder on 127.0.0.1 for checker tests: every query gets the replies a function makes from it (none,
 * one, or several, such as a decoy before the real one).
 */
final class TinyDnsResponder implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger queries = new AtomicInteger();

    private TinyDnsResponder(Replies replies) throws SocketException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.thread = new Thread(() -> serve(replies), "tiny-dns-responder");
        thread.setDaemon(true);
        thread.start();
    }

    /** Makes the replies to one query. */
    @FunctionalInterface
    interface Replies {
        Message[] to(Message query);
    }

    /** Answers every query with {@code rcode}. */
    static TinyDnsResponder answering(int rcode) throws SocketException {
        return new TinyDnsResponder(query -> new Message[] {reply(query, rcode)});
    }

    /** Answers every query with the replies {@code replies} makes. */
    static TinyDnsResponder replying(Replies replies) throws SocketException {
        return new TinyDnsResponder(replies);
    }

    /** A reply to {@code query}: same ID and question, QR set, the given rcode, changed further by {@code edit}. */
    static Message reply(Message query, int rcode, UnaryOperator<Message> edit) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.getHeader().setRcode(rcode);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return edit.apply(reply);
    }

    static Message reply(Message query, int rcode) {
        return reply(query, rcode, UnaryOperator.identity());
    }

    int port() {
        return socket.getLocalPort();
    }

    int queries() {
        return queries.get();
    }

    private void serve(Replies replies) {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                queries.incrementAndGet();
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                for (Message reply : replies.to(query)) {
                    byte[] wire = reply.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
