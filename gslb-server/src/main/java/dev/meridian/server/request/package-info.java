/**
 * What one query brings to the steps that decide its answer: the client (ECS subnet or source address), its location
 * looked up once, the health and latency views, and the ECS scope the decisions depend on. Both the zone lookup and
 * the GSLB policies read it; neither owns it.
 */
package dev.meridian.server.request;
