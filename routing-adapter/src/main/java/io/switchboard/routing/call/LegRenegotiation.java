package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the far end's new offers on one SIP leg (hold, resume, a new address) by updating that leg's relay
 * endpoint with the offer; the relay's answer goes back in the 200 (RFC 3264 section 8.4: recvonly to a
 * sendonly hold, inactive to inactive), and on hold the relay stops sending and uses its held-call media
 * timeout. An offer the relay refuses is declined (488) and the call goes on as it was; any other relay
 * failure fails the answer (500). Updates reach the relay one at a time in the order the offers came. When
 * the edge gives up on an answer (CANCEL, too slow) the description still in force is applied again.
 *
 * <p>Owned by the contact center's loop: offers are handed over from the SIP core loop ({@link SipLegEvents})
 * and the relay's answers come back there ({@link LoopRelay}).
 */
final class LegRenegotiation {

    private static final Logger LOG = LoggerFactory.getLogger(LegRenegotiation.class);

    private final LoopRelay relay;
    /** The leg's endpoint now, or null when it has none (not answered yet, or released). */
    private final Supplier<EndpointId> endpoint;
    /** Who the leg is, for log lines: "contact X caller" or "contact X third party +1555...". */
    private final String party;
    /** The last update handed to the relay; the next one starts once it is done. */
    private CompletableFuture<String> chain = CompletableFuture.completedFuture(null);

    LegRenegotiation(LoopRelay relay, Supplier<EndpointId> endpoint, String party) {
        this.relay = relay;
        this.endpoint = endpoint;
        this.party = party;
    }

    /** The answer to {@code offer}: the relay's SDP, null to decline (488), or a failure (500). */
    CompletionStage<String> answer(String offer) {
        EndpointId id = endpoint.get();
        if (id == null) {
            LOG.info("{}: new offer declined, the leg has no media endpoint", party);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<String> answered = new CompletableFuture<>();
        queue(id, offer).whenComplete((answer, error) -> {
            if (error == null) {
                LOG.info("{}: new offer {} answered {}", party, describe(offer), direction(answer));
                answered.complete(answer);
            } else if (LoopRelay.offerRejected(error)) {
                LOG.warn("{}: new offer refused with 488, the call goes on as it was: {}", party,
                        LoopRelay.rootMessage(error));
                answered.complete(null);
            } else {
                LOG.warn("{}: the relay cannot answer the new offer: {}", party, LoopRelay.rootMessage(error));
                answered.completeExceptionally(error);
            }
        });
        return answered;
    }

    /** The edge gave up on the answer: the relay goes back to {@code remoteSdp}, the description in force. */
    void withdrawn(String remoteSdp) {
        EndpointId id = endpoint.get();
        if (id == null || remoteSdp == null) {
            return;
        }
        queue(id, remoteSdp).whenComplete((answer, error) -> {
            if (error == null) {
                LOG.info("{}: offer withdrawn, media back to the session in force ({})", party, direction(answer));
            } else {
                LOG.warn("{}: offer withdrawn, cannot restore the session in force: {}", party,
                        LoopRelay.rootMessage(error));
            }
        });
    }

    private CompletableFuture<String> queue(EndpointId id, String sdp) {
        CompletableFuture<String> next = chain.handle((answer, error) -> null).thenCompose(v -> relay.update(id, sdp));
        chain = next;
        return next;
    }

    /** An offer's direction, and its address when it is the RFC 2543 hold address, for log lines. */
    static String describe(String offer) {
        return direction(offer) + (offer.contains("c=IN IP4 0.0.0.0") ? " on 0.0.0.0" : "");
    }

    /** The direction attribute of an SDP ("sendrecv" when it has none, RFC 4566 section 6), for log lines. */
    static String direction(String sdp) {
        for (String line : sdp.split("\r?\n")) {
            String attribute = line.trim().toLowerCase(Locale.ROOT);
            switch (attribute) {
                case "a=sendrecv", "a=sendonly", "a=recvonly", "a=inactive" -> {
                    return attribute.substring(2);
                }
                default -> {
                }
            }
        }
        return "sendrecv";
    }
}
