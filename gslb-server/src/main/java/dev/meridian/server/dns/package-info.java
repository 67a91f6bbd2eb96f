/**
 * The query path from bytes to bytes: {@link dev.meridian.server.dns.QueryPipeline} runs its stages in order (read,
 * cookies, resolve, rate limit, sign, write, observe); transports see only {@link dev.meridian.server.dns.QueryHandler}.
 */
package dev.meridian.server.dns;
