/**
 * The health system: probe agents check regional endpoints and publish what they see; every DNS node turns the
 * observations into one health view that the routing policies read.
 */
package dev.meridian.probes;
