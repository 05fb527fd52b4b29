package io.switchboard.media.sdp;

import java.util.Locale;

/** The a=setup values of RFC 4145 section 4 as DTLS-SRTP uses them (RFC 5763 section 5). */
public enum DtlsSetup {
    ACTPASS, ACTIVE, PASSIVE;

    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DtlsSetup parse(String value) throws SdpException {
        if (value == null) {
            throw new SdpException("no a=setup attribute (RFC 5763 section 5 requires one)");
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "actpass" -> ACTPASS;
            case "active" -> ACTIVE;
            case "passive" -> PASSIVE;
            default -> throw new SdpException("a=setup:" + value + " is not actpass, active or passive");
        };
    }
}
