/**
 * RTP endpoints: a leg's stream put together from a transport and its receive and send paths, the media
 * event loops with one housekeeping timer each, and port allocation. Ownership:
 * {@code Leg -> RtpEndpoint -> (ReceivePath, SendPath, RtcpSession) and MediaTransport -> channels}.
 */
package io.switchboard.media.endpoint;
