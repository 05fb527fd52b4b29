package io.switchboard.media.api;

/**
 * Receives a forked leg's audio as decoded 8 kHz 16-bit frames (live media streaming, transcription),
 * in arrival order, on the relay's fork thread; the array is the consumer's to keep.
 */
@FunctionalInterface
public interface AudioFrameConsumer {
    void onFrame(EndpointId endpoint, long arrivalNanos, short[] samples);
}
