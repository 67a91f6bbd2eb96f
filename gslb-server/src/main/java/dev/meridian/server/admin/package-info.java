/**
 * The admin HTTP API: the operator's way into a running node, off the query path. One {@link AdminServer} on its own
 * listen address (loopback by default, TLS required elsewhere) serves the routes under {@code /api/v1/}; named bearer
 * {@link AdminToken}s decide who may read and who may change; {@link RequestDeadlines} closes connections that send a
 * request too slowly; every refusal is a JSON {@link ApiError}. Routes reach the node only through {@link AdminNode}.
 * {@link StatusPage} serves the page for people at {@code /}, which draws what those routes answer.
 */
package dev.meridian.server.admin;
