package io.switchboard.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.api.TransportFailure;
import io.switchboard.media.codec.PacketKind;
import io.switchboard.media.sdp.DtlsSetup;
import io.switchboard.media.sdp.LocalWebRtc;
import io.switchboard.media.sdp.NegotiatedWebRtc;
import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import io.switchboard.media.webrtc.dtls.DtlsFailure;
import io.switchboard.media.webrtc.dtls.DtlsHandshake;
import io.switchboard.media.webrtc.ice.IceCredentials;
import io.switchboard.media.webrtc.ice.IceLiteResponder;
import io.switchboard.media.webrtc.srtp.SrtpKeys;
import io.switchboard.media.webrtc.srtp.SrtpReceiveNode;
import io.switchboard.media.webrtc.srtp.SrtpSendNode;
import io.switchboard.media.webrtc.srtp.SrtpSession;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebRTC endpoint's transport: one UDP socket (RTCP always muxed) carrying ICE-lite checks, DTLS and
 * SRTP, told apart by the first byte (RFC 7983). The path above sees plain RTP and RTCP: SRTP is removed
 * before the path's demultiplexer and added after its send path. STUN and DTLS come back here through
 * {@link #offerHandshake}.
 *
 * <pre>
 * socket -> (SRTP/SRTCP: receive/srtp) -> path demux -+-> RTP/RTCP on to the path
 *                                                     +-> STUN -> ICE-lite responder -> response
 *                                                     +-> DTLS -> handshake (its executor)
 * path send -> send/srtp -> socket, to ICE's selected pair
 * </pre>
 *
 * <p>States: NEW (our offer, no remote description), CONNECTING (ICE and DTLS under way), SECURE (keys
 * installed, media flows), FAILED (consent lost or DTLS failed: nothing is forwarded any more, reported once),
 * CLOSED. Loop-confined except the handshake, whose outcome hops back onto the loop.
 */
public final class WebRtcTransport implements MediaTransport {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcTransport.class);

    /** The lifecycle of the secure transport. */
    public enum State { NEW, CONNECTING, SECURE, FAILED, CLOSED }

    /** What the endpoint above learns from the transport; called on the loop. */
    public interface Events {
        /** ICE selected (or switched) the pair: the path's latch follows {@code remote}. */
        void selected(InetSocketAddress remote);

        /** The media ended for good. */
        void failed(TransportFailure reason);
    }

    private final String owner;
    /** The endpoint's loop; changes at a move's hand-over, read by the handshake thread to hand back. */
    private volatile EventLoop loop;
    private final PlainRtpTransport socket;
    private final DtlsCertificate certificate;
    private final Executor handshakes;
    private final int handshakeTimeoutMillis;
    private final long localSsrc;
    private final IceLiteResponder ice;
    private final SrtpReceiveNode srtpIn = new SrtpReceiveNode();
    private final SrtpSendNode srtpOut = new SrtpSendNode();
    private Events events;
    private DatagramReceiver path;
    private State state = State.NEW;
    private NegotiatedWebRtc remote;
    private DtlsHandshake handshake;
    /** Counts the associations; a handshake's outcome counts only while it is the latest one. */
    private int associations;
    private SrtpSession session;
    /** The selected pair's address, read per packet sent. */
    private InetSocketAddress peer;

    /**
     * Wraps a bound single-socket {@code socket}; on the loop.
     *
     * @param handshakes the bounded executor DTLS handshakes block on
     * @param localSsrc the SSRC this endpoint sends, for a=ssrc
     */
    public WebRtcTransport(String owner, EventLoop loop, PlainRtpTransport socket, DtlsCertificate certificate,
            Executor handshakes, int handshakeTimeoutMillis, long localSsrc, long nowNanos) {
        this.owner = owner;
        this.loop = loop;
        this.socket = socket;
        this.certificate = certificate;
        this.handshakes = handshakes;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.localSsrc = localSsrc;
        this.ice = new IceLiteResponder(owner, IceCredentials.random(), new IceEvents(), nowNanos);
        socket.deliverTo(this::fromSocket);
    }

    /** Where ICE selection and failures go; set once by the endpoint's owner before any remote description. */
    public void events(Events listener) {
        this.events = listener;
    }

    public State state() {
        return state;
    }

    /** What our SDP says about this transport. */
    public LocalWebRtc local(DtlsSetup setup) {
        IceCredentials c = ice.local();
        return new LocalWebRtc(c.ufrag(), c.pwd(), certificate.fingerprint(), setup, localSsrc);
    }

    /** The remote description so far, or null before one. */
    public NegotiatedWebRtc remote() {
        return remote;
    }

    /** The selected pair's remote address, or null before ICE validated one. */
    public InetSocketAddress selected() {
        return peer;
    }

    /**
     * Applies a remote description. The first one starts ICE and sets the DTLS role; a later one with new ICE
     * credentials is an ICE restart (RFC 8445 section 9): we take new credentials too and keep the selected
     * pair, DTLS and SRTP, so the other leg of the call hears no gap. A later one with another fingerprint or
     * another DTLS role starts a new DTLS association (RFC 8842 section 5, RFC 5763 section 5); the old keys
     * carry the media until the new ones are installed, and are refused from then on.
     *
     * @return true when our ICE credentials changed, so our SDP must carry the new ones
     */
    public boolean configure(NegotiatedWebRtc description, long nowNanos) {
        if (state == State.CLOSED || state == State.FAILED) {
            return false;
        }
        NegotiatedWebRtc previous = remote;
        remote = description;
        if (previous == null) {
            state = State.CONNECTING;
            ice.remote(description.remoteUfrag(), nowNanos);
            newAssociation(description);
            return false;
        }
        if (!description.remoteFingerprint().equals(previous.remoteFingerprint())
                || description.dtlsClient() != previous.dtlsClient()) {
            LOG.debug("endpoint {}: new DTLS fingerprint or role in a re-offer: new association", owner);
            handshake.close(); // reports nothing more; the old keys stay until the new ones come
            newAssociation(description);
        }
        if (description.iceRestartedFrom(previous)) {
            ice.restart(IceCredentials.random(), description.remoteUfrag());
            LOG.debug("endpoint {}: ICE restart", owner);
            return true;
        }
        return false;
    }

    /**
     * A DTLS association for {@code description}'s fingerprint and role (RFC 5763 section 5). As client it starts
     * once ICE has a pair; as server it waits for the ClientHello.
     */
    private void newAssociation(NegotiatedWebRtc description) {
        associations++;
        handshake = new DtlsHandshake(description.dtlsClient(), certificate, description.remoteFingerprint(),
                handshakes, this::sendFromHandshake, new HandshakeOutcome(associations), handshakeTimeoutMillis);
        if (description.dtlsClient() && peer != null) {
            handshake.start();
        }
    }

    /** How many DTLS associations this transport has started (a new fingerprint or role starts one more). */
    public int associations() {
        return associations;
    }

    /** Datagrams from the socket: SRTP and SRTCP are unprotected here, the rest go to the path as they are. */
    private void fromSocket(ByteBuf datagram, InetSocketAddress sender, boolean controlPort, long arrivalNanos) {
        DatagramReceiver p = path;
        if (p == null) {
            datagram.release();
            return;
        }
        int first = datagram.readableBytes() > 0 ? datagram.getUnsignedByte(datagram.readerIndex()) : 0;
        if (first >= 128 && first <= 191) {
            if (state != State.SECURE) {
                srtpIn.unprotect(datagram, false); // counts not-secure
                datagram.release();
                return;
            }
            if (!ice.validated(sender)) {
                srtpIn.uncheckedSource();
                datagram.release();
                return;
            }
            if (!srtpIn.unprotect(datagram, PacketKind.of(datagram) == PacketKind.RTCP)) {
                datagram.release();
                return;
            }
        }
        p.receive(datagram, sender, controlPort, arrivalNanos);
    }

    @Override
    public boolean offerHandshake(PacketKind kind, ByteBuf datagram, InetSocketAddress sender) {
        try {
            if (state == State.CLOSED || state == State.FAILED) {
                return true; // taken and dropped: a failed transport answers nothing
            }
            byte[] bytes = new byte[datagram.readableBytes()];
            datagram.getBytes(datagram.readerIndex(), bytes);
            if (kind == PacketKind.STUN) {
                ice.receive(bytes, bytes.length, sender, System.nanoTime(), this::sendStun);
            } else if (kind == PacketKind.DTLS && handshake != null && ice.validated(sender)) {
                // RFC 8842 section 5: DTLS only from an address ICE validated
                handshake.offer(bytes);
            }
            return true;
        } finally {
            datagram.release();
        }
    }

    private void sendStun(byte[] response, InetSocketAddress to) {
        ByteBuf out = socket.alloc().directBuffer(response.length);
        out.writeBytes(response);
        socket.send(out, to);
    }

    /** On the handshake thread: hop onto the loop and send to the selected pair. */
    private void sendFromHandshake(byte[] datagram) {
        onLoop(() -> {
            if (state == State.CLOSED || peer == null) {
                return;
            }
            ByteBuf out = socket.alloc().directBuffer(datagram.length);
            out.writeBytes(datagram);
            socket.send(out, peer);
        });
    }

    /** Runs {@code task} on the endpoint's loop, following it if it moved meanwhile (see RtpEndpoint.execute). */
    private void onLoop(Runnable task) {
        EventLoop owner = loop;
        owner.execute(() -> {
            if (loop == owner) {
                task.run();
            } else {
                onLoop(task);
            }
        });
    }

    @Override
    public void detach(Runnable detached) {
        socket.detach(detached);
    }

    @Override
    public void handOver(EventLoop target) {
        loop = target;
    }

    @Override
    public void attach(EventLoop target, Runnable attached) {
        socket.attach(target, attached);
    }

    @Override
    public void deliverTo(DatagramReceiver receiver) {
        this.path = receiver;
    }

    @Override
    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    @Override
    public ByteBufAllocator alloc() {
        return socket.alloc();
    }

    /** Sends to ICE's selected pair whatever the path's latch says: ICE, not the latch, owns the destination. */
    @Override
    public void send(ByteBuf packet, InetSocketAddress destination) {
        secureSend(packet, false);
    }

    @Override
    public void sendControl(ByteBuf packet, InetSocketAddress rtpDestination, boolean muxed, int remoteRtcpPort) {
        secureSend(packet, true);
    }

    private void secureSend(ByteBuf packet, boolean rtcp) {
        InetSocketAddress to = peer;
        if (to == null || state == State.FAILED || state == State.CLOSED) {
            srtpOut.noPair(packet);
            return;
        }
        ByteBuf protectedPacket = srtpOut.protect(packet, rtcp, socket.alloc());
        if (protectedPacket != null) {
            socket.send(protectedPacket, to);
        }
    }

    /** Not pinned: a connected socket would refuse the checks of the pair the browser switches to. */
    @Override
    public void pin(InetSocketAddress ignored) {
    }

    @Override
    public void unpin() {
    }

    @Override
    public void tick(long nowNanos) {
        if (state == State.CONNECTING || state == State.SECURE) {
            ice.tick(nowNanos);
        }
    }

    @Override
    public List<PathNodeCounters> counters() {
        Map<String, Long> iceDrops = new LinkedHashMap<>();
        iceDrops.put("bad-request", ice.badRequests());
        iceDrops.put("unauthorized", ice.unauthorized());
        long iceDropped = ice.badRequests() + ice.unauthorized();
        return List.of(new PathNodeCounters("receive/ice", ice.checks(), ice.checks() - iceDropped, iceDrops),
                srtpIn.counters(srtpIn.in()), srtpOut.counters(srtpOut.in()));
    }

    /** SRTP packets dropped as replays. */
    public long replayed() {
        return srtpIn.replayed();
    }

    @Override
    public void close(Runnable afterClose) {
        state = State.CLOSED;
        if (handshake != null) {
            handshake.close();
        }
        if (session != null) {
            session.close();
        }
        socket.close(afterClose);
    }

    /** Ends the media for good: no keys, nothing forwarded; logged and reported once. */
    private void fail(TransportFailure reason, String detail) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        state = State.FAILED;
        LOG.warn("endpoint {}: WebRTC transport failed ({}): {}", owner, reason, detail);
        if (handshake != null) {
            handshake.close();
        }
        srtpIn.keyed(null);
        srtpOut.keyed(null);
        if (events != null) {
            events.failed(reason);
        }
    }

    private static TransportFailure of(DtlsFailure failure) {
        return switch (failure) {
            case FINGERPRINT_MISMATCH -> TransportFailure.FINGERPRINT_MISMATCH;
            case TIMEOUT -> TransportFailure.DTLS_TIMEOUT;
            case CLOSED -> TransportFailure.DTLS_CLOSED;
            case FAILED -> TransportFailure.DTLS_FAILED;
        };
    }

    /** ICE's news, on the loop (the responder runs inside {@link #offerHandshake} and {@link #tick}). */
    private final class IceEvents implements IceLiteResponder.Listener {
        @Override
        public void selected(InetSocketAddress remoteAddress) {
            peer = remoteAddress;
            if (handshake != null && handshake.client() && handshake.state() == DtlsHandshake.State.IDLE) {
                handshake.start(); // a=setup:active: our ClientHello goes once a pair is valid
            }
            if (events != null) {
                events.selected(remoteAddress);
            }
        }

        @Override
        public void consentExpired() {
            fail(TransportFailure.CONSENT_EXPIRED, "no valid ICE check for 30 s (RFC 7675)");
        }
    }

    /**
     * The handshake's end, on its thread: hands the keys (or the failure) back to the loop. An association that
     * a re-offer replaced reports nothing.
     */
    private final class HandshakeOutcome implements DtlsHandshake.Outcome {
        private final int association;

        HandshakeOutcome(int association) {
            this.association = association;
        }

        @Override
        public void secure(SrtpKeys keys) {
            onLoop(() -> {
                if (association != associations || (state != State.CONNECTING && state != State.SECURE)) {
                    return;
                }
                SrtpSession previous = session;
                session = new SrtpSession(keys);
                srtpIn.keyed(session); // from here on only the new keys are accepted
                srtpOut.keyed(session);
                if (previous != null) {
                    previous.close();
                }
                state = State.SECURE;
                LOG.debug("endpoint {}: DTLS-SRTP up with {} (association {})", owner, keys.profile(), association);
            });
        }

        @Override
        public void failed(DtlsFailure reason, String detail) {
            onLoop(() -> {
                if (association == associations) {
                    fail(of(reason), detail);
                }
            });
        }
    }
}
