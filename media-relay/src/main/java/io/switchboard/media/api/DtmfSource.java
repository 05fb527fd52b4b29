package io.switchboard.media.api;

/** How a DTMF digit reached us. */
public enum DtmfSource {
    /** RFC 4733 telephone-event packets. */
    RFC4733,
    /** Dual tones in the audio, found by the Goertzel detector. */
    INBAND
}
