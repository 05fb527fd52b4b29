/**
 * Media relay: RTP/SRTP endpoints, bridges, prompt players, DTMF, recorders and the mixer. Knows nothing of SIP or contacts; other modules use only the {@code api} package.
 */
package io.switchboard.media;
