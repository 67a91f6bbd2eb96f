/** The check plan: which endpoints to check and how, published by DNS servers and run by agents. */
package dev.meridian.probes.plan;
