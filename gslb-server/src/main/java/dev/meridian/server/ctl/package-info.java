/**
 * {@code gslb-server ctl}: the operator's command line over a node's admin API. Each sub-command is one HTTP call
 * (or a few, to wait), printed as a table for people or as the API's JSON with {@code --json}; exit status 0 when
 * done, 1 when the API refused, 2 when it could not be asked.
 */
package dev.meridian.server.ctl;
