/**
 * Media relay: RTP endpoints, bridges, prompt players, DTMF, recorders and the mixer. Knows nothing of SIP or
 * contacts; other modules use only the {@code api} package and {@link io.switchboard.media.MediaRelays}, which
 * starts the relay.
 */
package io.switchboard.media;
