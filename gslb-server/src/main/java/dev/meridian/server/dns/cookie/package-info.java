/**
 * DNS cookies (RFC 7873) with interoperable server cookies (RFC 9018: version 1, a timestamp, SipHash-2-4 over the
 * client cookie, the timestamp and the client address). Every node configured with the same secret recognises the
 * others' cookies; a rotation keeps the previous secret valid for a grace period. A valid cookie proves the client
 * saw an earlier reply at its address, so the rate limiter lets it through.
 */
package dev.meridian.server.dns.cookie;
