package dev.meridian.probes.check;

import dev.meridian.probes.plan.CheckSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * DNS checks over UDP: one query, and the endpoint is up if the reply carries the expected rcode.
 *
 * <p>Each check sends from its own socket on a fresh ephemeral port with a random ID, and takes as the reply only a
 * response from the server's port with that ID and the same question; anything else is ignored, so a stray or
 * forged packet can neither end the check early nor make a dead server look alive.
 */
public final class DnsChecker implements Checker<CheckSpec.Dns> {
    private final Vertx vertx;
    // Unpredictable IDs: an off-path attacker who could guess one could keep a dead server "up".
    private final SecureRandom ids = new SecureRandom();

    public DnsChecker(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    @Override
    public Future<CheckResult> check(CheckSpec.Dns spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(timeout, "timeout");
        long started = System.nanoTime();
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(spec.qname(), Name.root), spec.qtype(),
                    DClass.IN));
        } catch (TextParseException e) {
            return Future.succeededFuture(new CheckResult.Failed("bad qname: " + e.getMessage(), 0));
        }
        query.getHeader().setID(ids.nextInt(0x10000));

        boolean ipv6 = spec.address().indexOf(':') >= 0;
        DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(ipv6));
        Promise<CheckResult> answered = Promise.promise();
        socket.handler(packet -> {
            Message reply = replyTo(query, spec, packet);
            if (reply != null) {
                answered.tryComplete(judge(spec, reply, started));
            }
        });
        socket.exceptionHandler(answered::tryFail);
        socket.listen(0, ipv6 ? "::" : "0.0.0.0")
                .compose(bound -> bound.send(Buffer.buffer(query.toWire()), spec.port(), spec.address()))
                .onFailure(answered::tryFail);
        Future<CheckResult> result = Deadline.bound(vertx, timeout, started, answered.future());
        result.onComplete(done -> socket.close());
        return result;
    }

    /** The packet as the reply to {@code query}, or {@code null} if it is not that reply. */
    private static Message replyTo(Message query, CheckSpec.Dns spec, DatagramPacket packet) {
        if (packet.sender().port() != spec.port()) {
            return null;
        }
        Message reply;
        try {
            reply = new Message(packet.data().getBytes());
        } catch (IOException unparseable) {
            return null;
        }
        boolean matches = reply.getHeader().getFlag(Flags.QR)
                && reply.getHeader().getID() == query.getHeader().getID()
                // Some servers leave the question out of a FORMERR; the ID must then do.
                && (reply.getQuestion() == null || reply.getQuestion().equals(query.getQuestion()));
        return matches ? reply : null;
    }

    private static CheckResult judge(CheckSpec.Dns spec, Message reply, long started) {
        double rtt = Deadline.elapsedMillis(started);
        int rcode = reply.getRcode();
        if (rcode != spec.expectRcode()) {
            return new CheckResult.Failed(
                    "rcode " + Rcode.string(rcode) + ", expected " + Rcode.string(spec.expectRcode()), rtt);
        }
        return new CheckResult.Ok(rtt);
    }
}
