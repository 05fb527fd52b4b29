package io.switchboard.config.model;

import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.Range;
import java.util.Map;

/**
 * Where UpdateContactMediaStreamingBehavior streams a contact's audio (the instance's Kinesis Video Streams
 * setting in the reference product): a WebSocket server that takes Twilio Media Streams messages. When
 * {@code bidirectional}, audio the server sends back is played to the caller.
 *
 * @param customParameters passed to the server in the {@code start} message
 * @param connectTimeoutSeconds how long connecting may take before the block takes its error branch
 * @param sendQueueFrames 20 ms frames that may wait for a slow server before new ones are dropped
 */
public record MediaStreaming(
        WebSocketUrl url,
        @Default("false") boolean bidirectional,
        Map<String, String> customParameters,
        @Default("5") @Range(min = 1, max = 60) int connectTimeoutSeconds,
        @Default("250") @Range(min = 10, max = 5000) int sendQueueFrames) {

    public MediaStreaming {
        customParameters = customParameters == null ? Map.of() : Map.copyOf(customParameters);
    }
}
