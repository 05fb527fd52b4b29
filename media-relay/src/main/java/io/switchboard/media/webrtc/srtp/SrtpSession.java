package io.switchboard.media.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) for one association, on jitsi-srtp: a crypto context per SSRC and
 * direction, derived from the DTLS-exported master keys. Receiving checks the authentication tag and the
 * replay window (64 packets, RFC 3711 section 3.3.2) before anything is decrypted. Loop-confined; the
 * transforms work in {@link PacketBytes} in place.
 */
public final class SrtpSession implements AutoCloseable {
    /** Results of {@link #unprotect}: the new length when non-negative, else one of these. */
    public static final int AUTH_FAILED = -1;
    public static final int REPLAYED = -2;
    public static final int INVALID = -3;
    /** SSRCs a peer may use before further ones are refused (a browser sends one audio SSRC). */
    private static final int MAX_STREAMS = 16;
    private static final Logger JITSI_LOG = new LoggerImpl(SrtpSession.class.getName());

    private final SrtpProfile profile;
    private final SrtpContextFactory sending;
    private final SrtpContextFactory receiving;
    private final Map<Integer, SrtpCryptoContext> rtpOut = new HashMap<>();
    private final Map<Integer, SrtpCryptoContext> rtpIn = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> rtcpOut = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> rtcpIn = new HashMap<>();
    private final PacketBytes bytes = new PacketBytes();

    public SrtpSession(SrtpKeys keys) {
        this.profile = keys.profile();
        this.sending = new SrtpContextFactory(true, keys.localKey(), keys.localSalt(), profile.policy(),
                profile.policy(), JITSI_LOG);
        this.receiving = new SrtpContextFactory(false, keys.remoteKey(), keys.remoteSalt(), profile.policy(),
                profile.policy(), JITSI_LOG);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** The scratch array packets are copied into before {@link #protect} or {@link #unprotect}. */
    public byte[] scratch(int length) {
        if (length > bytes.array().length) {
            bytes.load(0);
            bytes.grow(length);
        }
        return bytes.array();
    }

    /** The scratch array after a transform (it may have been replaced when it grew). */
    public byte[] result() {
        return bytes.array();
    }

    /** Protects the {@code length} bytes in {@link #scratch}; returns the new length, or {@link #INVALID}. */
    public int protect(int length, boolean rtcp) {
        bytes.load(length);
        try {
            int ssrc = ssrc(rtcp);
            if (ssrc == 0 && length < (rtcp ? 8 : 12)) {
                return INVALID;
            }
            SrtpErrorStatus status = rtcp ? rtcpContext(rtcpOut, sending, ssrc).transformPacket(bytes)
                    : rtpContext(rtpOut, sending, ssrc).transformPacket(bytes);
            return status == SrtpErrorStatus.OK ? bytes.getLength() : INVALID;
        } catch (GeneralSecurityException | RuntimeException e) {
            return INVALID;
        }
    }

    /**
     * Authenticates, replay-checks and decrypts the {@code length} bytes in {@link #scratch}; returns the new
     * length, {@link #AUTH_FAILED}, {@link #REPLAYED} or {@link #INVALID}.
     */
    public int unprotect(int length, boolean rtcp) {
        bytes.load(length);
        try {
            if (length < (rtcp ? 8 : 12)) {
                return INVALID;
            }
            int ssrc = ssrc(rtcp);
            Map<Integer, ?> contexts = rtcp ? rtcpIn : rtpIn;
            if (!contexts.containsKey(ssrc) && contexts.size() >= MAX_STREAMS) {
                return INVALID;
            }
            SrtpErrorStatus status = rtcp ? rtcpContext(rtcpIn, receiving, ssrc).reverseTransformPacket(bytes)
                    : rtpContext(rtpIn, receiving, ssrc).reverseTransformPacket(bytes, false);
            return switch (status) {
                case OK -> bytes.getLength();
                case AUTH_FAIL -> AUTH_FAILED;
                case REPLAY_FAIL, REPLAY_OLD -> REPLAYED;
                default -> INVALID;
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            return INVALID;
        }
    }

    private int ssrc(boolean rtcp) {
        byte[] b = bytes.array();
        int at = rtcp ? 4 : 8;
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static SrtpCryptoContext rtpContext(Map<Integer, SrtpCryptoContext> map, SrtpContextFactory factory,
            int ssrc) throws GeneralSecurityException {
        SrtpCryptoContext c = map.get(ssrc);
        if (c == null) {
            c = factory.deriveContext(ssrc, 0);
            map.put(ssrc, c);
        }
        return c;
    }

    private static SrtcpCryptoContext rtcpContext(Map<Integer, SrtcpCryptoContext> map, SrtpContextFactory factory,
            int ssrc) throws GeneralSecurityException {
        SrtcpCryptoContext c = map.get(ssrc);
        if (c == null) {
            c = factory.deriveControlContext(ssrc);
            map.put(ssrc, c);
        }
        return c;
    }

    @Override
    public void close() {
        sending.close();
        receiving.close();
    }
}
