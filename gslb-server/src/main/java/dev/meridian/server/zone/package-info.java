/**
 * Zone data: RRs parsed from RFC 1035 master files by dnsjava become immutable lookup structures; a question is
 * resolved against them into the sections of a response (answer, referral, NODATA, NXDOMAIN, REFUSED).
 */
package dev.meridian.server.zone;
