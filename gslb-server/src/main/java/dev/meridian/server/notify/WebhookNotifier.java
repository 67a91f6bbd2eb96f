package dev.meridian.server.notify;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Sends each event to every webhook that takes its kind, through one {@link WebhookChannel} per webhook. Certificates
 * of HTTPS receivers are checked against the JVM's trust store and the URL's host name: unlike a health check, a
 * notification goes to a party that must be the one configured.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {
    private final HttpClient client;
    private final List<WebhookChannel> channels;

    public WebhookNotifier(Vertx vertx, NotifyOptions options, Clock clock) {
        Objects.requireNonNull(options, "options");
        // A channel has one request in flight, so one connection per webhook is all it takes, even when several
        // webhooks share a receiver.
        this.client = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(Math.max(1, options.webhooks().size())));
        this.channels = options.webhooks().stream()
                .map(webhook -> new WebhookChannel(vertx, client, webhook, options, clock)).toList();
    }

    @Override
    public void send(Notification notification) {
        for (WebhookChannel channel : channels) {
            if (channel.webhook().events().contains(notification.kind())) {
                channel.offer(notification);
            }
        }
    }

    /** Each webhook's counts, for the metrics. */
    public List<Counts> counts() {
        return channels.stream().map(Counts::new).toList();
    }

    /** One webhook's counts, read live. */
    public static final class Counts {
        private final WebhookChannel channel;

        private Counts(WebhookChannel channel) {
            this.channel = channel;
        }

        public String webhook() {
            return channel.webhook().name();
        }

        /** Events the receiver accepted (2xx). */
        public long delivered() {
            return channel.delivered();
        }

        /** Events given up on: attempts ran out or the receiver refused them (4xx). */
        public long failed() {
            return channel.failed();
        }

        /** Events dropped from a full queue, oldest first. */
        public long dropped() {
            return channel.dropped();
        }

        /** Attempts repeated after a failure. */
        public long retries() {
            return channel.retries();
        }

        /** Events waiting now. */
        public int queued() {
            return channel.queued();
        }
    }

    @Override
    public void close() {
        channels.forEach(WebhookChannel::close);
        client.close();
    }
}
