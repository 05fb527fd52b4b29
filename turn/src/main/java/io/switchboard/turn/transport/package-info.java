/**
 * TURN's sockets on Netty: the UDP and TCP listeners on the TURN port, TLS on the TURNS port, framing of
 * STUN and ChannelData on streams (RFC 8656 section 12.5), and the relay sockets. Every channel is
 * registered on the one TURN loop, which owns all TURN state.
 */
package io.switchboard.turn.transport;
