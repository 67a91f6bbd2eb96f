package dev.meridian.probes.measure;

import java.net.InetAddress;

/** Takes one round-trip time to a resolver. */
interface RttProbe {
    /** Milliseconds, or a negative number when it did not answer within the timeout. */
    double measure(InetAddress resolver);

    static RttProbe of(MeasureSettings settings) {
        return settings.method() == MeasureSettings.Method.UDP_DNS ? new UdpDnsProbe(settings)
                : new TcpConnectProbe(settings);
    }
}
