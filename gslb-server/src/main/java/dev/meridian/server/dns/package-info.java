/** The query path from bytes to bytes: {@link dev.meridian.server.dns.QueryHandler} ties reading, resolving and writing. */
package dev.meridian.server.dns;
