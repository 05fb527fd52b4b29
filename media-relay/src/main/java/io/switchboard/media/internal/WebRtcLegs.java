package io.switchboard.media.internal;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.media.api.OfferRejectedException;
import io.switchboard.media.api.TransportFailure;
import io.switchboard.media.endpoint.EndpointFactory;
import io.switchboard.media.sdp.Direction;
import io.switchboard.media.sdp.DtlsSetup;
import io.switchboard.media.sdp.LocalAudio;
import io.switchboard.media.sdp.NegotiatedWebRtc;
import io.switchboard.media.sdp.SdpException;
import io.switchboard.media.sdp.SessionDescription;
import io.switchboard.media.sdp.WebRtcOfferAnswer;
import io.switchboard.media.transport.WebRtcTransport;
import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The WebRTC half of offer/answer for the relay: creates endpoints whose transport is a
 * {@link WebRtcTransport} on the call's loop, applies browsers' offers and answers to them, and ties the
 * transport's ICE selection to the endpoint's latch and its failures to the relay's events. Everything a
 * WebRTC leg does after negotiation (bridge, record, mix, play, DTMF) is the plain leg's code.
 */
final class WebRtcLegs {
    private final EndpointFactory factory;
    private final LegRegistry legs;
    private final SerialEventDispatcher events;
    private final DtlsCertificate certificate;
    private final Executor handshakes;
    private final int handshakeTimeoutMillis;
    private final LegCreator create;
    private final Function<Leg, LocalAudio> local;

    WebRtcLegs(EndpointFactory factory, LegRegistry legs, SerialEventDispatcher events, DtlsCertificate certificate,
            Executor handshakes, int handshakeTimeoutMillis,
            LegCreator create, Function<Leg, LocalAudio> local) {
        this.factory = factory;
        this.legs = legs;
        this.events = events;
        this.certificate = certificate;
        this.handshakes = handshakes;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.create = create;
        this.local = local;
    }

    /** Binds an endpoint with the transport {@code wrap} builds for its id and registers its leg. */
    @FunctionalInterface
    interface LegCreator {
        CompletableFuture<Leg> create(String callId, Function<EndpointId, EndpointFactory.TransportWrapper> wrap);
    }

    /** True when {@code leg}'s endpoint is a WebRTC one (its transport never changes, so any thread may ask). */
    static boolean isWebRtc(Leg leg) {
        return leg != null && leg.endpoint.transport() instanceof WebRtcTransport;
    }

    private static WebRtcTransport transport(Leg leg) {
        return (WebRtcTransport) leg.endpoint.transport();
    }

    /** A transport wrapper for the endpoint {@code id}: ICE's selection retargets its latch; failures are events. */
    EndpointFactory.TransportWrapper wrapper(EndpointId id) {
        return (loop, socket, ssrc) -> {
            WebRtcTransport t = new WebRtcTransport(id.value(), loop, socket, certificate, handshakes,
                    handshakeTimeoutMillis, ssrc, System.nanoTime());
            t.events(new WebRtcTransport.Events() {
                @Override
                public void selected(InetSocketAddress remote) {
                    Leg leg = legs.get(id);
                    if (leg != null) {
                        leg.endpoint.retarget(remote);
                    }
                }

                @Override
                public void failed(TransportFailure reason) {
                    events.onTransportFailed(id, reason);
                }
            });
            return t;
        };
    }

    /** Answers a browser's offer with a new WebRTC endpoint. */
    CompletableFuture<NegotiatedEndpoint> answer(String callId, SessionDescription offer) {
        NegotiatedWebRtc negotiated;
        try {
            negotiated = WebRtcOfferAnswer.answer(offer, Direction.SENDRECV);
        } catch (SdpException e) {
            return CompletableFuture.failedFuture(new OfferRejectedException(e.getMessage(), e));
        }
        return create.create(callId, this::wrapper).thenCompose(leg -> legs.onLeg(leg.id, l -> {
            WebRtcTransport t = transport(l);
            t.configure(negotiated, System.nanoTime());
            l.endpoint.applyRemote(negotiated.audio(), t.selected());
            return new NegotiatedEndpoint(l.id, WebRtcOfferAnswer.writeAnswer(offer, negotiated, local.apply(l),
                    t.local(negotiated.dtlsClient() ? DtlsSetup.ACTIVE : DtlsSetup.PASSIVE)));
        }).whenComplete((ok, error) -> {
            if (error != null) {
                factory.destroy(leg.endpoint); // nobody learned the id: do not leave its port bound
                legs.remove(leg.id);
            }
        }));
    }

    /** A new WebRTC endpoint offering to a browser (a=setup:actpass). */
    CompletableFuture<NegotiatedEndpoint> offer(String callId) {
        return create.create(callId, this::wrapper).thenCompose(leg -> legs.onLeg(leg.id, l -> new NegotiatedEndpoint(l.id,
                WebRtcOfferAnswer.writeOffer(local.apply(l), transport(l).local(DtlsSetup.ACTPASS),
                        Direction.SENDRECV))));
    }

    /** The browser's answer to our offer. */
    CompletableFuture<Void> acceptAnswer(Leg leg, SessionDescription answer) {
        NegotiatedWebRtc negotiated;
        try {
            negotiated = WebRtcOfferAnswer.acceptAnswer(answer, Direction.SENDRECV);
        } catch (SdpException e) {
            return CompletableFuture.failedFuture(new OfferRejectedException(e.getMessage(), e));
        }
        return legs.onLeg(leg.id, l -> {
            WebRtcTransport t = transport(l);
            t.configure(negotiated, System.nanoTime());
            l.endpoint.applyRemote(negotiated.audio(), t.selected());
            return null;
        });
    }

    /**
     * A re-offer from the browser (hold, ICE restart, new DTLS fingerprint or role): answered with our DTLS role
     * unchanged for actpass and, after an ICE restart, our new credentials. The bridge and the other leg are not
     * touched.
     */
    CompletableFuture<String> update(Leg leg, SessionDescription offer) {
        NegotiatedWebRtc negotiated;
        try {
            negotiated = WebRtcOfferAnswer.answer(offer, Direction.SENDRECV);
        } catch (SdpException e) {
            return CompletableFuture.failedFuture(new OfferRejectedException(e.getMessage(), e));
        }
        return legs.onLeg(leg.id, l -> {
            WebRtcTransport t = transport(l);
            NegotiatedWebRtc kept = negotiated.reofferedOver(t.remote());
            boolean client = kept.dtlsClient();
            t.configure(kept, System.nanoTime());
            l.endpoint.applyRemote(kept.audio(), t.selected());
            l.sessionVersion++; // RFC 3264 section 8
            return WebRtcOfferAnswer.writeAnswer(offer, kept, local.apply(l),
                    t.local(client ? DtlsSetup.ACTIVE : DtlsSetup.PASSIVE));
        });
    }
}
