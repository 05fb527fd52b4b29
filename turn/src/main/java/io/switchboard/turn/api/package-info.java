/**
 * Public API of the TURN server: settings, lifecycle and credential store. Empty until the TURN server is implemented.
 */
package io.switchboard.turn.api;
