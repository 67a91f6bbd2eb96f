/**
 * Zone data: RRs parsed from RFC 1035 master files by dnsjava become immutable lookup structures; a question is
 * resolved against them into the sections of a response (answer, referral, NODATA, NXDOMAIN, REFUSED). Names whose
 * answers are computed per query (GSLB names) are {@link dev.meridian.server.zone.DynamicNode}s from a
 * {@link dev.meridian.server.zone.DynamicNodeSource}: this package never depends on how they decide.
 */
package dev.meridian.server.zone;
