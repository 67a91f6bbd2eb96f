import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;

/**
 * The floor of a JVM DNS server over UDP, for scripts/bench.sh (COMPARE=floor): each datagram read and sent straight
 * back with QR set, and nothing else, in one of the server's two ways. What it costs per query is what a server on
 * this JVM pays before it answers anything.
 *
 *   java scripts/UdpEchoFloor.java PORT                                  # the JDK's blocking DatagramChannel
 *   java -cp gslb-server/target/gslb-server.jar scripts/UdpEchoFloor.java PORT batched   # recvmmsg/sendmmsg (JNA)
 *
 * On 127.0.0.1, until killed.
 */
public final class UdpEchoFloor {
    private static final int BATCH = 32;
    private static final int SLOT = 4096;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        if (args.length > 1 && args[1].equals("batched")) {
            batched(port);
        } else {
            channel(port);
        }
    }

    private static void channel(int port) throws Exception {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        ByteBuffer in = ByteBuffer.allocateDirect(SLOT);
        ByteBuffer out = ByteBuffer.allocateDirect(SLOT);
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

    static native int socket(int domain, int type, int protocol);

    static native int bind(int fd, Pointer address, int length);

    static native int recvmmsg(int fd, long vector, int length, int flags, long timeout);

    static native int sendmmsg(int fd, long vector, int length, int flags);

    /** As the server's batched reader: struct mmsghdr of 64 bytes (64-bit Linux), one iovec and sender each. */
    private static void batched(int port) {
        Native.register(UdpEchoFloor.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        int fd = socket(2, 2, 0);
        Memory address = new Memory(16);
        address.clear();
        address.setShort(0, (short) 2);
        address.setByte(2, (byte) (port >> 8));
        address.setByte(3, (byte) port);
        address.write(4, InetAddress.getLoopbackAddress().getAddress(), 0, 4);
        if (bind(fd, address, 16) != 0) {
            throw new IllegalStateException("bind failed: errno " + Native.getLastError());
        }
        Memory vector = new Memory(BATCH * 64L);
        Memory iovecs = new Memory(BATCH * 16L);
        Memory names = new Memory(BATCH * 128L);
        Memory buffers = new Memory((long) BATCH * SLOT);
        vector.clear();
        ByteBuffer v = vector.getByteBuffer(0, vector.size()).order(ByteOrder.nativeOrder());
        ByteBuffer io = iovecs.getByteBuffer(0, iovecs.size()).order(ByteOrder.nativeOrder());
        ByteBuffer data = buffers.getByteBuffer(0, buffers.size());
        for (int i = 0; i < BATCH; i++) {
            v.putLong(i * 64, Pointer.nativeValue(names) + i * 128L);
            v.putLong(i * 64 + 16, Pointer.nativeValue(iovecs) + i * 16L);
            v.putLong(i * 64 + 24, 1);
            io.putLong(i * 16, Pointer.nativeValue(buffers) + (long) i * SLOT);
        }
        byte[] message = new byte[SLOT];
        System.out.println("echoing on 127.0.0.1:" + port + " (batched)");
        while (true) {
            for (int i = 0; i < BATCH; i++) {
                v.putInt(i * 64 + 8, 128);
                io.putLong(i * 16 + 8, SLOT);
            }
            int count = recvmmsg(fd, Pointer.nativeValue(vector), BATCH, 0x10000, 0); // MSG_WAITFORONE
            for (int i = 0; i < count; i++) {
                int length = v.getInt(i * 64 + 56);
                // As the server does: the query copied out to Java, the reply copied back.
                data.get(i * SLOT, message, 0, length);
                message[2] |= (byte) 0x80;
                data.put(i * SLOT, message, 0, length);
                io.putLong(i * 16 + 8, length);
            }
            if (count > 0) {
                sendmmsg(fd, Pointer.nativeValue(vector), count, 0);
            }
        }
    }
}
