package dev.meridian.server.notify;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code notify} block: the webhooks, and how events wait and are retried.
 *
 * @param webhooks where events are posted; none turns notifications off
 * @param queue events held per webhook while one is being delivered; when full the <em>oldest</em> is dropped (and
 *        counted), since the newest says how things stand now
 * @param backoff attempts per event and the waits between them
 * @param timeout how long one attempt may take, connecting included
 */
public record NotifyOptions(List<Webhook> webhooks, int queue, Backoff backoff, Duration timeout) {
    public static final int DEFAULT_QUEUE = 1000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final NotifyOptions NONE = new NotifyOptions(List.of(), DEFAULT_QUEUE, Backoff.DEFAULT,
            DEFAULT_TIMEOUT);

    public NotifyOptions {
        webhooks = List.copyOf(webhooks);
        if (queue < 1 || queue > 1_000_000) {
            throw new IllegalArgumentException("queue must be from 1 to 1000000, was " + queue);
        }
        Objects.requireNonNull(backoff, "backoff");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /**
     * One receiver.
     *
     * @param name how logs and metrics name it
     * @param url where to post (http or https); its host is sent as Host and, over TLS, as the name checked in the
     *        certificate
     * @param address the IP address to connect to: the URL's own when it is an address, else given, since the
     *        server never resolves a name
     * @param secret the shared secret the signature is made with; never logged
     * @param events which kinds it is sent
     */
    public record Webhook(String name, URI url, InetAddress address, byte[] secret, Set<Notification.Kind> events) {
        public Webhook {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(address, "address");
            secret = secret.clone();
            if (secret.length == 0) {
                throw new IllegalArgumentException("secret: the webhook secret is empty");
            }
            events = Set.copyOf(events);
        }

        /** A copy: the secret stays as configured whatever a caller does with it. */
        @Override
        public byte[] secret() {
            return secret.clone();
        }

        public boolean https() {
            return "https".equals(url.getScheme());
        }

        public int port() {
            return url.getPort() >= 0 ? url.getPort() : https() ? 443 : 80;
        }

        /** The path and query posted to. */
        public String target() {
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        }

        /** Webhooks are equal when every field is, the secret's bytes included: a reload can tell a change. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Webhook w && name.equals(w.name) && url.equals(w.url)
                    && address.equals(w.address) && java.util.Arrays.equals(secret, w.secret)
                    && events.equals(w.events);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, url, address, java.util.Arrays.hashCode(secret), events);
        }

        /** Its name and URL without the path and query, which some receivers treat as a secret of their own. */
        @Override
        public String toString() {
            return name + " (" + url.getScheme() + "://" + url.getRawAuthority() + "/...)";
        }
    }
}
