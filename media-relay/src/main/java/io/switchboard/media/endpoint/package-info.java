/**
 * RTP endpoints: sockets on the media event loops, port allocation, the source latch, receive statistics
 * and the continuous outgoing stream. Ownership: {@code Call -> Leg -> RtpEndpoint -> channels}.
 */
package io.switchboard.media.endpoint;
