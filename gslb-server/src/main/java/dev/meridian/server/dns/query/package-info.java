/**
 * Reading queries: the raw header first (responses and short packets are dropped, unknown opcodes get NOTIMP), then
 * dnsjava's parser, then the checks that make a query answerable (one question, one OPT at most, EDNS version,
 * cookie lengths, client subnet). Anything malformed becomes FORMERR, never an exception.
 */
package dev.meridian.server.dns.query;
