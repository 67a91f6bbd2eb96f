/**
 * The query log, off by default: an observer of the query pipeline that samples answered queries, hands each one to
 * a bounded lock-free queue on the query thread (a full queue counts a drop, never waits), and one writer thread that
 * formats JSON lines, holds them to a rate, and appends them to a file.
 */
package dev.meridian.server.querylog;
