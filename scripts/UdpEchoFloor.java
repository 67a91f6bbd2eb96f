import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The floor of a JVM DNS server over UDP, for scripts/bench.sh (COMPARE=floor): each datagram read and sent straight
 * back with QR set, through the JDK's blocking DatagramChannel and direct buffers as the server's UDP readers do, and
 * nothing else. What it costs per query is what any server on this JVM pays before it answers anything.
 *
 *   java scripts/UdpEchoFloor.java PORT      # on 127.0.0.1, until killed
 */
public final class UdpEchoFloor {
    public static void main(String[] args) throws Exception {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
        ByteBuffer in = ByteBuffer.allocateDirect(4096);
        ByteBuffer out = ByteBuffer.allocateDirect(4096);
        System.out.println("echoing on " + channel.getLocalAddress());
        while (true) {
            in.clear();
            SocketAddress sender = channel.receive(in);
            in.flip();
            out.clear();
            out.put(in).flip();
            out.put(2, (byte) (out.get(2) | 0x80));
            channel.send(out, sender);
        }
    }
}
