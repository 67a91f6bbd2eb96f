package dev.meridian.server.dns.transport;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteOrder;

/**
 * The libc socket calls batched UDP needs, through JNA's direct mapping (one native stub per method, no reflection
 * per call). A failing call throws {@link LastErrorException} with errno. Only on 64-bit little-endian Linux, whose
 * struct layouts {@link BatchedUdpReader} writes; {@link #available()} says whether this is one and JNA loaded.
 */
final class LibC {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_IPV6 = 41;
    static final int IP_MTU_DISCOVER = 10;
    static final int IPV6_MTU_DISCOVER = 23;
    static final int IPV6_DONTFRAG = 62;
    /** DF set, the path MTU ignored ({@code IP_PMTUDISC_PROBE}, {@code IPV6_PMTUDISC_PROBE}). */
    static final int PMTUDISC_PROBE = 3;
    static final int SO_SNDBUF = 7;
    static final int SO_REUSEPORT = 15;
    static final int SO_RCVTIMEO = 20;
    static final int MSG_WAITFORONE = 0x10000;
    static final int SHUT_RDWR = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EFAULT = 14;
    static final int ENOTSOCK = 88;

    private static final Throwable UNAVAILABLE = register();

    private LibC() {
    }

    private static Throwable register() {
        if (!Platform.isLinux() || !Platform.is64Bit() || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return new UnsupportedOperationException("batched UDP needs 64-bit little-endian Linux");
        }
        try {
            Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            return null;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return e;
        }
    }

    /** Whether the calls below can be made here. */
    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why they cannot, or {@code null}. */
    static Throwable unavailability() {
        return UNAVAILABLE;
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, Pointer value, Pointer length)
            throws LastErrorException;

    static native int bind(int fd, Pointer address, int length) throws LastErrorException;

    static native int getsockname(int fd, Pointer address, Pointer length) throws LastErrorException;

    /**
     * The hot calls take addresses as {@code long} and leave errno to {@link Native#getLastError()} on a -1: no
     * pointer object to read and no exception set up per batch.
     */
    static native int recvmmsg(int fd, long vector, int length, int flags, long timeout);

    static native int sendmmsg(int fd, long vector, int length, int flags);

    static native int shutdown(int fd, int how) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
}
