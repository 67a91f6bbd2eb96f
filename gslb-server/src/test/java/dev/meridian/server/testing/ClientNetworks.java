package dev.meridian.server.testing;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Many client networks asking one name, as many resolvers would, each with its own /24 in ECS. */
public final class ClientNetworks {
    private static final int WORKERS = 4;

    private ClientNetworks() {
    }

    /** The share of {@code networks} /24s (10.x.y.0/24, one query each) whose answer is {@code address}. */
    public static double share(InetSocketAddress server, String name, String address, int networks)
            throws Exception {
        return (double) answering(server, name, address, networks).cardinality() / networks;
    }

    /** Which of {@code networks} /24s (network i is {@link #network(int)}, one query each) get {@code address}. */
    public static BitSet answering(InetSocketAddress server, String name, String address, int networks)
            throws Exception {
        BitSet matching = new BitSet(networks);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    try (DatagramSocket socket = new DatagramSocket()) {
                        socket.setSoTimeout(5000);
                        for (int i = worker; i < networks; i += WORKERS) {
                            Message query = TestServer.newQuery(name, Type.A);
                            query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(
                                    new ClientSubnetOption(24, network(i)))), Section.ADDITIONAL);
                            byte[] wire = query.toWire();
                            socket.send(new DatagramPacket(wire, wire.length, server));
                            DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                            socket.receive(reply);
                            Message answer = new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
                            if (((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress()
                                    .equals(address)) {
                                synchronized (matching) {
                                    matching.set(i);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return matching;
    }

    /** The {@code i}th client network asked: 10.x.y.0/24. */
    public static InetAddress network(int i) throws java.net.UnknownHostException {
        return InetAddress.getByAddress(new byte[] {10, (byte) (i >> 8), (byte) i, 0});
    }
}
