/**
 * Network I/O: UDP sockets on the shared port, each read by a thread of its own that answers datagrams start to
 * finish (in batches through libc on 64-bit Linux, one at a time through the JDK elsewhere), and TCP streams on the
 * Vert.x event loops (two-byte framing, pipelining, connection limits and timeouts), carry bytes to and from
 * {@link dev.meridian.server.dns.QueryHandler}.
 */
package dev.meridian.server.dns.transport;
