package dev.meridian.server.dns.transport;

import dev.meridian.server.dns.QueryHandler;
import dev.meridian.server.dns.query.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * UDP on the Vert.x event loop and transport, one level below Vert.x's {@code DatagramSocket}: that API resolves the
 * destination host name and flushes (one {@code sendmsg}) for every reply. Here the replies to all datagrams read in
 * one go are flushed together, and with epoll the datagrams are read and sent in batches ({@code recvmmsg},
 * {@code sendmmsg}), which is most of what a query costs.
 */
final class UdpListener extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final System.Logger LOG = System.getLogger(UdpListener.class.getName());
    /** Room for one datagram in a batched read; a larger query is cut and answered FORMERR. */
    private static final int MAX_QUERY = 4096;
    /** Datagrams read by one {@code recvmmsg}. */
    private static final int BATCH = 16;
    /** Send buffer sized for bursts; the kernel may cap it (net.core.wmem_max). */
    private static final int SEND_BUFFER = 4 << 20;

    private final QueryHandler handler;

    private UdpListener(QueryHandler handler) {
        super(true);
        this.handler = handler;
    }

    /**
     * Whether several UDP sockets can share one port ({@code SO_REUSEPORT}, for which Netty needs its epoll
     * transport), so that each event loop reads datagrams of its own.
     */
    static boolean canSharePort(Vertx vertx) {
        return vertx.isNativeTransportEnabled() && Epoll.isAvailable();
    }

    /**
     * Binds a UDP socket on the context's event loop; completes with the channel once bound.
     *
     * @param sharePort whether the socket shares its port with the other loops' sockets ({@code SO_REUSEPORT}; the
     *     kernel then spreads datagrams over them by a hash of the source and destination); only where
     *     {@link #canSharePort} says it can
     */
    @SuppressWarnings("deprecation") // Vert.x 5.0's transport still takes Netty's InternetProtocolFamily
    static Future<DatagramChannel> bind(Vertx vertx, Context context, InetSocketAddress address, QueryHandler handler,
            boolean sharePort) {
        InternetProtocolFamily family = address.getAddress() instanceof Inet6Address
                ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4;
        DatagramChannel channel = ((VertxInternal) vertx).transport().datagramChannel(family);
        channel.config().setOption(ChannelOption.SO_SNDBUF, SEND_BUFFER);
        if (sharePort) {
            channel.config().setOption(EpollChannelOption.SO_REUSEPORT, true);
        }
        if (channel instanceof EpollDatagramChannel) {
            channel.config().setOption(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_QUERY);
            channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_QUERY * BATCH));
        } else {
            channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_QUERY));
        }
        channel.pipeline().addLast(new UdpListener(handler));
        Promise<DatagramChannel> bound = Promise.promise();
        ((ContextInternal) context).nettyEventLoop().register(channel).addListener(registered -> {
            if (!registered.isSuccess()) {
                bound.fail(registered.cause());
                return;
            }
            channel.bind(address).addListener(done -> {
                if (done.isSuccess()) {
                    bound.complete(channel);
                } else {
                    channel.close();
                    bound.fail(done.cause());
                }
            });
        });
        return bound.future();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        byte[] request = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), request);
        InetSocketAddress sender = packet.sender();
        byte[] reply = handler.handle(request, Transport.UDP, sender.getAddress());
        if (reply != null) {
            ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(reply), sender), ctx.voidPromise());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A failed send to one client (ICMP unreachable, full buffer) must not close the socket for everyone.
        LOG.log(System.Logger.Level.DEBUG, "udp: " + cause.getMessage());
    }
}
