/**
 * The DNS node's side of the health system: check plan out, observations in, one health view for the policies and
 * a report of which snapshot answers are built from.
 */
package dev.meridian.server.health;
