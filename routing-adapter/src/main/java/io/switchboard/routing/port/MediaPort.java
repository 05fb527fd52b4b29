package io.switchboard.routing.port;

import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.RecordingBehavior;

/**
 * The media of contacts, as the flow engine uses it. Implemented by the wiring over media-relay; calls
 * come from the engine thread and must not block (hand work to the call's media loop and return).
 *
 * <p>DTMF travels the other way: the wiring reports each digit the relay detects (RFC 4733 or in-band)
 * with {@code FlowEngine.digit(contactId, digit)}; the engine collects digits itself (maximum length,
 * terminator, first-digit and inter-digit timeouts) on its own clock.
 */
public interface MediaPort {

    /** Starts playing {@code playlist} to the caller of {@code contact}, replacing anything playing. */
    Playback play(ContactId contact, Playlist playlist);

    /**
     * Starts playing {@code playlist} to the agent who has {@code contact} (the agent whisper), replacing
     * anything playing on the call; where the port knows no agent side, to the caller.
     */
    default Playback playToAgent(ContactId contact, Playlist playlist) {
        return play(contact, playlist);
    }

    /** Starts recording the IVR part of the call, as {@code IVRRecordingBehavior: Enabled} asks. */
    void startRecording(ContactId contact, RecordingBehavior behavior);

    void stopRecording(ContactId contact);

    /**
     * Starts streaming the contact's audio live to the instance's media streaming server (or changes which
     * audio a running stream carries); completes once the stream runs, fails with the reason when it cannot
     * start (no server configured, unreachable, no media). This default streams nothing and fails.
     */
    default java.util.concurrent.CompletionStage<Void> startStreaming(ContactId contact, StreamedAudio audio) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new IllegalStateException("live media streaming is not available here"));
    }

    /** Stops the contact's live media stream, if any. */
    default void stopStreaming(ContactId contact) {
    }
}
