/**
 * Operator control: the runtime changes an operator makes through the admin API — drain, weight, forced state — kept
 * as an {@link dev.meridian.server.control.Overlays} snapshot over the configuration, which still says what it says.
 * An {@link dev.meridian.server.control.OverlayStore} holds them (in this process and on disk, or shared by the
 * cluster), and the health compiler folds them into the table the query path reads, as the strongest layer.
 */
package dev.meridian.server.control;
