package dev.meridian.probes.measure;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Times a DNS query for the root's NS over UDP: any reply with our ID counts (an answer, or REFUSED from a resolver
 * that serves only its own clients), since only the round trip matters. Nothing is resolved from the reply.
 */
final class UdpDnsProbe implements RttProbe {
    private final MeasureSettings settings;

    UdpDnsProbe(MeasureSettings settings) {
        this.settings = settings;
    }

    @Override
    public double measure(InetAddress resolver) {
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        Message query = Message.newQuery(Record.newRecord(Name.root, Type.NS, DClass.IN));
        query.getHeader().setID(id);
        byte[] wire = query.toWire();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(resolver, settings.port()));
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            long sent = System.nanoTime();
            socket.send(new DatagramPacket(wire, wire.length));
            byte[] buffer = new byte[512];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return -1;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                socket.receive(reply);
                // A stray or late datagram with another ID is not our reply: keep waiting.
                if (reply.getLength() >= 2 && ((buffer[0] & 0xff) << 8 | (buffer[1] & 0xff)) == id) {
                    return (System.nanoTime() - sent) / 1e6;
                }
            }
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
