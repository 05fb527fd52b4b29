/**
 * The seam between the media path and the sockets: {@link io.switchboard.media.transport.MediaTransport},
 * with plain RTP over UDP as its implementation; WebRTC (ICE, DTLS-SRTP) is to come behind the same seam.
 */
package io.switchboard.media.transport;
