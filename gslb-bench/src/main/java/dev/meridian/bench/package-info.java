/**
 * JMH microbenchmarks of the query handler: the whole pipeline from request bytes to reply bytes, without sockets,
 * over a generated zone, policy file and geo database. Built only with {@code -Pjmh}; docs/benchmarks.md has the
 * command and a run's figures.
 */
package dev.meridian.bench;
