/**
 * Answers compiled to wire bytes: each name of the serving snapshot, per common query type, as the reply the full
 * query path renders for it, with the positions of its compression pointers so a reply to a longer or shorter name
 * (a name that does not exist, a wildcard's) is the same bytes moved. Built off the event loops after a snapshot
 * starts serving; read without locks by the compiled path of {@code dns}.
 */
package dev.meridian.server.dns.compiled;
