package io.switchboard.routing.call;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The CTR tests' expected timestamps: ISO 8601 UTC cut to whole seconds, as Amazon Connect writes them. */
final class ContactTraceTimes {
    private ContactTraceTimes() {
    }

    static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
