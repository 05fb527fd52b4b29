package io.switchboard.sip.locate;

import java.util.Locale;

/** An RFC 3403 NAPTR record as RFC 3263 section 4.1 reads it: order, preference, flags, service and replacement. */
public record NaptrRecord(int order, int preference, String flags, String service, String replacement) {

    /** The "s" flag: the replacement is a name to look SRV records up for (RFC 3263 section 4.1). */
    public boolean pointsToSrv() {
        return flags.toLowerCase(Locale.ROOT).contains("s");
    }
}
