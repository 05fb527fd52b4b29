/**
 * The one adapter onto ice4j's STUN codec (messages, attributes, integrity). Nothing outside this package touches ice4j. Empty until the TURN server is implemented.
 */
package io.switchboard.turn.internal.stun;
