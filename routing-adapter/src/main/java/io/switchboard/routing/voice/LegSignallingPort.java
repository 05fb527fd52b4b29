package io.switchboard.routing.voice;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.port.SignallingPort;
import io.switchboard.routing.port.ThirdPartyCall;
import io.switchboard.routing.port.ThirdPartyDial;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SignallingPort} over sip-edge call legs. Disconnect sends the caller a BYE and frees the media
 * endpoint. Third-party calls are not wired to the edge's {@code dial} yet: {@link #canDial} says no,
 * and a flow that dials anyway takes its failure branch with that reason.
 */
final class LegSignallingPort implements SignallingPort {

    private static final Logger LOG = LoggerFactory.getLogger(LegSignallingPort.class);
    static final String NO_THIRD_PARTY = "transfers to external numbers are not wired to the SIP edge yet";

    private final VoiceCalls calls;
    private final MediaRelay relay;

    LegSignallingPort(VoiceCalls calls, MediaRelay relay) {
        this.calls = calls;
        this.relay = relay;
    }

    @Override
    public void disconnect(ContactId contact, DisconnectReason reason) {
        calls.byContact(contact).ifPresent(call -> {
            try (var mdc = call.logContext()) {
                LOG.info("contact {}: hanging up the caller ({})", contact, reason);
            } finally {
                VoiceCall.clearCallId();
            }
            release(call, relay, calls, true);
        });
    }

    /**
     * Tears a call down once: hangs up the leg (when {@code hangUpLeg}: the far end is still there),
     * destroys the media endpoint and forgets the call.
     */
    static void release(VoiceCall call, MediaRelay relay, VoiceCalls calls, boolean hangUpLeg) {
        if (!call.markEnded()) {
            return;
        }
        if (hangUpLeg) {
            call.leg().hangUp();
        }
        EndpointId endpoint = call.endpoint();
        if (endpoint != null) {
            relay.destroy(endpoint).exceptionally(error -> {
                LOG.debug("endpoint {} already gone: {}", endpoint, error.toString());
                return null;
            });
        }
        calls.remove(call);
    }

    @Override
    public boolean canDial(String e164) {
        return false;
    }

    @Override
    public ThirdPartyCall dialThirdParty(ContactId contact, ThirdPartyDial dial) {
        LOG.warn("contact {}: cannot dial {}: {}", contact, dial.number(), NO_THIRD_PARTY);
        return new ThirdPartyCall() {
            private final CompletableFuture<Void> failed =
                    CompletableFuture.failedFuture(new UnsupportedOperationException(NO_THIRD_PARTY));

            @Override
            public CompletionStage<Void> answered() {
                return failed;
            }

            @Override
            public CompletionStage<Void> ended() {
                return failed;
            }

            @Override
            public void cancel() {
                // nothing was dialled
            }
        };
    }
}
