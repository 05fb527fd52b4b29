package io.switchboard.media.dtmf;

import io.switchboard.media.api.DtmfSource;

/** Receives each detected digit once, on the endpoint's loop. */
@FunctionalInterface
public interface DigitSink {
    void onDigit(char digit, DtmfSource source);
}
