package io.switchboard.media.api;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Events from the relay, delivered in order on one relay event thread (never a media loop), so a
 * listener may take its time without delaying packets; it should still hand long work elsewhere.
 */
public interface MediaEventListener {
    /** No packet from the peer for the media timeout (the held timeout while on hold). */
    default void onMediaTimeout(EndpointId endpoint) {
    }

    /** A DTMF digit, reported once per key press. */
    default void onDtmf(EndpointId endpoint, char digit, DtmfSource source) {
    }

    /** A digit collection ended. */
    default void onDigitsCollected(EndpointId endpoint, String digits, CollectOutcome outcome) {
    }

    /** A playback ended; {@code playbackId} is what {@link MediaRelay#play} returned. */
    default void onPlaybackDone(EndpointId endpoint, long playbackId, PlaybackOutcome outcome) {
    }

    /**
     * A recording was stopped (or its customer endpoint destroyed) and its file is complete.
     *
     * @param file the stereo WAV (customer left, agent right)
     * @param duration its length
     */
    default void onRecordingClosed(RecordingId recording, Path file, Duration duration) {
    }

    /** Digits given to {@link MediaRelay#sendDigits} have all been sent. */
    default void onDigitsSent(EndpointId endpoint, String digits) {
    }

    /**
     * A WebRTC endpoint's secure transport ended: ICE consent expired, or DTLS failed (a certificate that does
     * not match the SDP fingerprint among the reasons). From then on the endpoint forwards no media in either
     * direction; the call layer should end the leg and destroy the endpoint. Reported once per endpoint.
     */
    default void onTransportFailed(EndpointId endpoint, TransportFailure reason) {
    }
}
