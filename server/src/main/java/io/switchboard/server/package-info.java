/**
 * The launcher: parses flags, loads configuration, wires the modules, owns lifecycle (ready, drain, stop), and serves health and metrics over HTTP.
 */
package io.switchboard.server;
