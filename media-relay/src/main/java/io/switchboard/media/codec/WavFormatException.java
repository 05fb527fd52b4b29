package io.switchboard.media.codec;

/** A WAV file that cannot be used as an 8 kHz mono prompt; the message says what is wrong and where. */
public final class WavFormatException extends Exception {
    public WavFormatException(String message) {
        super(message);
    }
}
