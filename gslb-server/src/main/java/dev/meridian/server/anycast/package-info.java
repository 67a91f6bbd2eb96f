/**
 * Anycast health: whether this node can serve, and the BGP announcement of the service address that follows it.
 *
 * <p>Every interval a {@link dev.meridian.server.anycast.ReadinessCheck} takes one {@link
 * dev.meridian.server.anycast.Readiness} sample (the node queries itself on its service address over UDP and TCP, and
 * reads how fresh its health view is); the {@link dev.meridian.server.anycast.AnnouncementMachine} turns samples into
 * an {@link dev.meridian.server.anycast.Announcement} with rise, fall and a hold-down, as probes do with checks; the
 * {@link dev.meridian.server.anycast.Announcer} runs the loop and writes each change as ExaBGP process-API lines
 * ({@link dev.meridian.server.anycast.ExaBgpLines}). Nothing here is on the query path.
 */
package dev.meridian.server.anycast;
