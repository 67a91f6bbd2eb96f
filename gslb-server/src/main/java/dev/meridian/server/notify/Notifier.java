package dev.meridian.server.notify;

/** Where the server hands its events; it returns at once and never throws because a receiver is unavailable. */
@FunctionalInterface
public interface Notifier {
    /** Notifies nobody: the server without webhooks. */
    Notifier NONE = notification -> { };

    /** Queues a notification for delivery; never waits for the network. */
    void send(Notification notification);
}
