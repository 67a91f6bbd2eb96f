package dev.meridian.server.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import org.xbill.DNS.Message;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A UDP relay on loopback that passes queries to a server and flips one bit in the signature of every RRSIG over an
 * A RRset in the replies: the negative control for a validator, which must reject what it relays.
 */
final class TamperingProxy implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final Thread relay;

    TamperingProxy(InetAddress host, InetSocketAddress server) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(host, 0));
        this.server = server;
        this.relay = new Thread(this::relay, "tampering-proxy");
        relay.setDaemon(true);
        relay.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void relay() {
        byte[] buffer = new byte[65535];
        try (DatagramSocket upstream = new DatagramSocket()) {
            upstream.setSoTimeout(5000);
            while (!socket.isClosed()) {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                socket.receive(query);
                upstream.send(new DatagramPacket(query.getData(), query.getLength(), server));
                DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
                upstream.receive(reply);
                byte[] tampered = tamper(Arrays.copyOf(reply.getData(), reply.getLength()));
                socket.send(new DatagramPacket(tampered, tampered.length, query.getSocketAddress()));
            }
        } catch (IOException e) {
            // The test closed the socket, or the server stopped answering: the relay ends either way.
        }
    }

    private static byte[] tamper(byte[] wire) throws IOException {
        Message reply = new Message(wire);
        for (Record r : reply.getSection(Section.ANSWER)) {
            if (r instanceof RRSIGRecord sig && sig.getTypeCovered() == Type.A) {
                byte[] signature = sig.getSignature().clone();
                signature[signature.length / 2] ^= 0x01;
                reply.removeRecord(sig, Section.ANSWER);
                reply.addRecord(new RRSIGRecord(sig.getName(), sig.getDClass(), sig.getTTL(), sig.getTypeCovered(),
                        sig.getAlgorithm(), sig.getOrigTTL(), sig.getExpire(), sig.getTimeSigned(),
                        sig.getFootprint(), sig.getSigner(), signature), Section.ANSWER);
            }
        }
        return reply.toWire();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        relay.join(10_000);
    }
}
