/** The check plan: which endpoints to check and how, published by each DNS server and run by agents as a union. */
package dev.meridian.probes.plan;
