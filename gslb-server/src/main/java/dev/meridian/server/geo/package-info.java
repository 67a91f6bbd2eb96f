/**
 * Where clients are: {@link dev.meridian.server.geo.GeoLocator} turns an address into a
 * {@link dev.meridian.server.geo.GeoLocation}, read from a MaxMind DB file (MaxMind's GeoIP2/GeoLite2 layout or the
 * flat layout of the ip-location-db packages) by {@link dev.meridian.server.geo.MaxMindGeoLocator}. The {@code
 * geo-build} command writes such a file from a CSV of an operator's own networks.
 */
package dev.meridian.server.geo;
