/**
 * The one adapter onto ice4j's STUN codec: attributes are decoded and encoded by ice4j's attribute classes,
 * MESSAGE-INTEGRITY and FINGERPRINT are computed by ice4j's integrity classes, and this package frames them
 * (RFC 8489 section 5) into our own types ({@link io.switchboard.turn.stun.StunMessage},
 * {@link io.switchboard.turn.stun.StunResponse}). Nothing outside this package imports ice4j. The relay's hot
 * path (Send and Data indications, ChannelData) is framed by {@link io.switchboard.turn.stun.RelayFraming}
 * directly on Netty buffers, without ice4j, so a relayed packet costs no allocation.
 */
package io.switchboard.turn.stun;
