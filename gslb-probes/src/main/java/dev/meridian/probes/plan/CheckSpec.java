package dev.meridian.probes.plan;

import java.io.Serializable;
import java.util.Objects;

/**
 * What one check does. The address probed may differ from the address answered in DNS (a NAT, an internal health
 * port), so every kind names its own address and port.
 */
public sealed interface CheckSpec extends Serializable {
    String address();

    int port();

    /**
     * An HTTP or HTTPS request.
     *
     * @param tls HTTPS when true
     * @param hostHeader Host header to send, or {@code null} for the address
     * @param sni TLS server name, or {@code null} for the Host header
     * @param statusMin lowest status that counts as healthy (e.g. 200)
     * @param statusMax highest status that counts as healthy (e.g. 399)
     * @param bodyContains text the body must contain, or {@code null}
     */
    record Http(String address, int port, boolean tls, String method, String path, String hostHeader, String sni,
            int statusMin, int statusMax, String bodyContains) implements CheckSpec {
        public Http {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
        }
    }

    /** A TCP connection that opens. */
    record Tcp(String address, int port) implements CheckSpec {
        public Tcp {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * A DNS query answered with the expected rcode.
     *
     * @param qtype dnsjava type code
     * @param expectRcode dnsjava rcode, usually NOERROR (0)
     */
    record Dns(String address, int port, String qname, int qtype, int expectRcode) implements CheckSpec {
        public Dns {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(qname, "qname");
        }
    }
}
