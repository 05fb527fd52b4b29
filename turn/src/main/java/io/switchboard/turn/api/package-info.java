/**
 * Public API of the TURN server: its settings, the running server, and TURN REST credentials for those who
 * issue them (the control API). Contracts only; {@link io.switchboard.turn.TurnServers} starts a server.
 */
package io.switchboard.turn.api;
