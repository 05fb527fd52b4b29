/**
 * TURN/STUN server (RFC 8656, RFC 8489) on UDP and TCP, and TLS: allocations, permissions, channels and
 * relayed transports. {@link io.switchboard.turn.TurnServers} is its composition root.
 */
package io.switchboard.turn;
