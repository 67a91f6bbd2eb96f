/**
 * Notifications: failovers, recoveries, drains and refused reloads posted to operators' webhooks. Each event becomes
 * a {@link dev.meridian.server.notify.Notification} (a JSON body with a {@code text} field chat receivers show),
 * signed with HMAC-SHA256 by a {@link dev.meridian.server.notify.WebhookSigner}, queued per webhook with a bound and
 * delivered one at a time with exponential backoff by a {@link dev.meridian.server.notify.WebhookChannel}. Handing an
 * event over never waits for the network, so neither the health thread nor the query path can be slowed by a
 * receiver.
 */
package dev.meridian.server.notify;
