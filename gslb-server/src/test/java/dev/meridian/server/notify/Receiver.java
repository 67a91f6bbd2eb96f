package dev.meridian.server.notify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A webhook receiver on loopback (MockWebServer) that answers with the statuses a test scripts (200 once the script
 * runs out), can hold every answer until released, and keeps what it got and when.
 */
public final class Receiver implements AutoCloseable {
    /** One request as it arrived. */
    public record Got(long nanos, RecordedRequest request) {
        public String body() {
            return request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return request.getHeaders().get(name);
        }

        /** Whether the signature is HMAC-SHA256 over "timestamp.body" with {@code secret}, checked independently. */
        public boolean signedWith(String secret) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((header("X-Meridian-Timestamp") + "." + body())
                    .getBytes(StandardCharsets.UTF_8));
            return ("v1=" + HexFormat.of().formatHex(expected)).equals(header("X-Meridian-Signature"));
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final List<Got> got = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    public Receiver(Integer... statuses) throws IOException {
        this.statuses.addAll(List.of(statuses));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                got.add(new Got(System.nanoTime(), request));
                hold.await(30, TimeUnit.SECONDS);
                Integer status;
                synchronized (Receiver.this.statuses) {
                    status = Receiver.this.statuses.pollFirst();
                }
                return new MockResponse.Builder().code(status == null ? 200 : status).build();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /** Holds every answer until {@link #release}. */
    public void hold() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    public List<Got> got() {
        return got;
    }

    /** A webhook posting every kind of event here, signed with {@code secret}. */
    public NotifyOptions.Webhook webhook(String name, String secret) {
        return webhook(name, secret, EnumSet.allOf(Notification.Kind.class));
    }

    public NotifyOptions.Webhook webhook(String name, String secret, java.util.Set<Notification.Kind> events) {
        return new NotifyOptions.Webhook(name, URI.create("http://127.0.0.1:" + server.getPort() + "/hooks/" + name),
                InetAddress.getLoopbackAddress(), secret.getBytes(StandardCharsets.UTF_8), events);
    }

    @Override
    public void close() throws IOException {
        release();
        server.close();
    }
}
