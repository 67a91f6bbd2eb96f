/**
 * What one query brings to the steps that decide its answer: the client (ECS subnet or source address), its location
 * looked up once, and the health and latency views. Both the zone lookup and the GSLB policies read it; neither owns
 * it. It is read, never written: the ECS scope a decision depended on travels on the decision's result.
 */
package dev.meridian.server.request;
