package io.switchboard.routing.voice;

/** Stands in for media-relay's SdpException, which the voice wiring recognises by its simple name. */
final class SdpException extends RuntimeException {
    SdpException(String message) {
        super(message);
    }
}
