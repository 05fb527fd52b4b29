package io.switchboard.routing.port;

import java.util.Objects;
import java.util.Optional;

/**
 * An external number to dial through a trunk and bridge with the caller. {@code dtmfDigits} (digits,
 * comma for a pause, '*' and '#') are sent once the third party answers. {@code resumeAfterDisconnect}:
 * the flow goes on when the third party hangs up; otherwise the caller is hung up with them.
 */
public record ThirdPartyDial(String number, String callerIdNumber, String callerIdName, String dtmfDigits,
                             boolean resumeAfterDisconnect) {

    public ThirdPartyDial {
        Objects.requireNonNull(number, "number");
    }

    public Optional<String> callerId() {
        return Optional.ofNullable(callerIdNumber);
    }

    public Optional<String> callerName() {
        return Optional.ofNullable(callerIdName);
    }

    public Optional<String> digits() {
        return Optional.ofNullable(dtmfDigits);
    }
}
