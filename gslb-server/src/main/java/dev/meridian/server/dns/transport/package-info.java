/**
 * Network I/O on Vert.x: UDP datagrams and TCP streams (two-byte framing, pipelining, connection limits and
 * timeouts) carry bytes to and from {@link dev.meridian.server.dns.QueryHandler}, on every event loop: each loop has
 * UDP sockets of its own on the shared port and takes its turn at the TCP connections.
 */
package dev.meridian.server.dns.transport;
