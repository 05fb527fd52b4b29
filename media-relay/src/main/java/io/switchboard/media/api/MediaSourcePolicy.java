package io.switchboard.media.api;

/**
 * Which sources may feed a plain RTP endpoint, and so where it sends (symmetric RTP without RTP Bleed). In
 * every policy a packet from the address the SDP names latches it; a source anywhere else is taken only after
 * it passed learning (several packets in a row from it alone, one SSRC, consecutive sequence numbers, the
 * negotiated payload type, soon after the description arrived), and nothing is sent to it before. The
 * policies differ in when such learning is allowed. WebRTC endpoints ignore the policy: ICE decides.
 */
public enum MediaSourcePolicy {
    /** Only the address the SDP names, wherever it is: for peers whose SDP is always right. */
    SIGNALLED_ONLY,
    /**
     * The SDP's address; when it is a private one (the peer is behind NAT and its packets may come from its
     * public mapping), a source elsewhere may be learned. The default.
     */
    LEARN_BEHIND_NAT,
    /**
     * The SDP's address, or a source elsewhere learned whatever address the SDP names: for peers whose media
     * leaves from other addresses or ports than they signal (a NAT that rewrites only the SIP).
     */
    LEARN;

    /** True when a source other than the signalled one may be learned, given whether that address is private. */
    public boolean learns(boolean signalledIsPrivate) {
        return this == LEARN || (this == LEARN_BEHIND_NAT && signalledIsPrivate);
    }
}
