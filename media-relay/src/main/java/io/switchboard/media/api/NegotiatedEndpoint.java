package io.switchboard.media.api;

/**
 * A created endpoint and the SDP to send for it: the answer when created from an offer, our offer otherwise.
 */
public record NegotiatedEndpoint(EndpointId id, String localSdp) {
}
