/** Entry points: the {@code gslb-server} command, its {@code check-config} sub-command, and the server's lifecycle. */
package dev.meridian.server;
