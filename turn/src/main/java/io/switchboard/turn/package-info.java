/**
 * TURN/STUN server (RFC 8656) on UDP and TCP: allocations, permissions, channels and relayed transports. Not yet implemented; the launcher reports it as not started.
 */
package io.switchboard.turn;
