/**
 * Network I/O on Vert.x: UDP datagrams and TCP streams (two-byte framing, pipelining, connection limits and
 * timeouts) carry bytes to and from {@link dev.meridian.server.dns.QueryHandler}.
 */
package dev.meridian.server.dns.transport;
