/**
 * What the query path serves from, as one immutable {@link dev.meridian.server.serving.ServingSnapshot}: built by
 * {@link dev.meridian.server.serving.SnapshotLoader} (the same code {@code check-config} runs), swapped whole by
 * {@link dev.meridian.server.serving.Reloader} on SIGHUP, on a changed file ({@link
 * dev.meridian.server.serving.ChangeWatcher}) or on request, and never changed in place. A reload that fails keeps
 * the previous snapshot serving.
 */
package dev.meridian.server.serving;
