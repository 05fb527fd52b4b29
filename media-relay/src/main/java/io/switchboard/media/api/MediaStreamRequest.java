package io.switchboard.media.api;

import java.net.URI;
import java.util.Map;

/**
 * A live media stream of one call's audio to a WebSocket server, in the message format of Twilio Media
 * Streams: {@code inbound} is what the endpoint's peer (the caller) says, {@code outbound} what the relay
 * sends the caller (prompts, the bridged agent). When {@code bidirectional}, audio the server sends back is
 * played to the caller.
 *
 * @param callSid the call's id as the {@code start} message names it (the contact id)
 * @param accountSid the account the {@code start} message names (the instance id)
 * @param customParameters the {@code start} message's {@code customParameters}
 * @param connectTimeoutMillis how long the WebSocket handshake may take before the start fails
 * @param sendQueueFrames frames that may wait for the socket before new ones are dropped (and counted)
 */
public record MediaStreamRequest(URI url, String callSid, String accountSid, boolean inbound, boolean outbound,
        boolean bidirectional, Map<String, String> customParameters, int connectTimeoutMillis, int sendQueueFrames) {

    public MediaStreamRequest {
        if (!inbound && !outbound) {
            throw new IllegalArgumentException("a stream needs the inbound track, the outbound track or both");
        }
        customParameters = Map.copyOf(customParameters);
    }
}
