package io.switchboard.media.endpoint;

/** Endpoint-level events, called on the endpoint's loop. */
public interface EndpointListener {
    /** No packet arrived for the configured media timeout (the held timeout while on hold). */
    void onMediaTimeout(RtpEndpoint endpoint);
}
