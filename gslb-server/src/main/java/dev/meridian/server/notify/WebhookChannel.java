package dev.meridian.server.notify;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One webhook's queue and its deliveries: events wait in a bounded queue (the oldest dropped when it is full), one
 * is in flight at a time so the receiver sees them in order, and a failed attempt is retried after the
 * {@link Backoff}'s growing waits until its attempts run out. Everything but {@link #offer} runs on one Vert.x
 * context, so a receiver that never answers holds only this webhook's queue.
 */
final class WebhookChannel {
    private static final System.Logger LOG = System.getLogger(WebhookChannel.class.getName());

    private final NotifyOptions.Webhook webhook;
    private final WebhookSigner signer;
    private final HttpClient client;
    private final Vertx vertx;
    private final Context context;
    private final int limit;
    private final Backoff backoff;
    private final Duration timeout;
    private final Clock clock;
    private final ArrayDeque<Notification> queue = new ArrayDeque<>();
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private boolean inFlight;
    private volatile boolean closed;

    WebhookChannel(Vertx vertx, HttpClient client, NotifyOptions.Webhook webhook, NotifyOptions options,
            Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.client = client;
        this.webhook = webhook;
        this.signer = new WebhookSigner(webhook.secret());
        this.limit = options.queue();
        this.backoff = options.backoff();
        this.timeout = options.timeout();
        this.clock = clock;
    }

    NotifyOptions.Webhook webhook() {
        return webhook;
    }

    /** Queues an event; returns at once, whatever the receiver is doing. */
    void offer(Notification notification) {
        if (closed) {
            return;
        }
        synchronized (queue) {
            if (queue.size() == limit) {
                queue.removeFirst();
                dropped.incrementAndGet();
            }
            queue.addLast(notification);
        }
        if (pumpScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                pumpScheduled.set(false);
                pump();
            });
        }
    }

    private void pump() {
        if (inFlight || closed) {
            return;
        }
        Notification next;
        synchronized (queue) {
            next = queue.pollFirst();
        }
        if (next == null) {
            return;
        }
        inFlight = true;
        attempt(next, Buffer.buffer(next.toJson().encode()), 1);
    }

    private void attempt(Notification notification, Buffer body, int attempt) {
        if (closed) {
            return;
        }
        post(notification, body).onComplete(done -> {
            Outcome outcome = done.succeeded() ? Outcome.of(done.result()) : Outcome.RETRY;
            String problem = done.succeeded() ? "HTTP " + done.result() : String.valueOf(done.cause().getMessage());
            if (outcome == Outcome.DELIVERED) {
                delivered.incrementAndGet();
                next();
            } else if (outcome == Outcome.REFUSED || attempt >= backoff.attempts()) {
                failed.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "notify: {0} event {1} ({2}) not delivered to {3} after {4} "
                        + "attempt(s): {5}", notification.kind().configName(), notification.id(),
                        notification.subject(), webhook, attempt, problem);
                next();
            } else {
                retries.incrementAndGet();
                Duration wait = backoff.delayAfter(attempt);
                LOG.log(System.Logger.Level.DEBUG, "notify: attempt {0} to {1} failed ({2}); next in {3} ms",
                        attempt, webhook, problem, wait.toMillis());
                vertx.setTimer(wait.toMillis(), t -> attempt(notification, body, attempt + 1));
            }
        });
    }

    private void next() {
        inFlight = false;
        pump();
    }

    /** What a receiver's status means: 2xx delivered; 408, 429 and 5xx worth another try; any other a refusal. */
    private enum Outcome {
        DELIVERED, RETRY, REFUSED;

        static Outcome of(int status) {
            return status / 100 == 2 ? DELIVERED
                    : status == 408 || status == 429 || status / 100 == 5 ? RETRY : REFUSED;
        }
    }

    /** One POST, bounded by the timeout from connecting to the end of the response; completes with its status. */
    private Future<Integer> post(Notification notification, Buffer body) {
        long now = clock.instant().getEpochSecond();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(webhook.port(), webhook.address().getHostAddress()))
                .setHost(webhook.url().getHost())
                .setPort(webhook.port())
                .setSsl(webhook.https())
                .setURI(webhook.target())
                .setFollowRedirects(false)
                .setConnectTimeout(Math.max(1, timeout.toMillis()))
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.USER_AGENT, "Meridian-Notify")
                .putHeader("X-Meridian-Event", notification.kind().configName())
                .putHeader("X-Meridian-Delivery", notification.id())
                .putHeader(WebhookSigner.TIMESTAMP_HEADER, Long.toString(now))
                .putHeader(WebhookSigner.SIGNATURE_HEADER, signer.sign(now, body.getBytes()));
        Promise<Integer> result = Promise.promise();
        HttpClientRequest[] request = new HttpClientRequest[1];
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
            if (result.tryFail("no answer within " + timeout.toMillis() + " ms") && request[0] != null) {
                request[0].reset();
            }
        });
        client.request(options).compose(r -> {
            request[0] = r;
            return r.send(body);
        }).compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(done -> {
                    vertx.cancelTimer(timer);
                    if (done.succeeded()) {
                        result.tryComplete(done.result());
                    } else {
                        result.tryFail(done.cause());
                    }
                });
        return result.future();
    }

    long delivered() {
        return delivered.get();
    }

    long failed() {
        return failed.get();
    }

    long dropped() {
        return dropped.get();
    }

    long retries() {
        return retries.get();
    }

    int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Stops delivering; what is still queued is dropped without being counted. */
    void close() {
        closed = true;
    }
}
