package io.switchboard.routing.record;

import java.time.Instant;
import java.util.Objects;

/**
 * One record as it is stored: its contact id, its disconnect time (which names the day file and orders
 * searches) and its JSON text on one line.
 */
public record ContactTraceLine(String contactId, Instant disconnectTimestamp, String json) {
    public ContactTraceLine {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(disconnectTimestamp, "disconnectTimestamp");
        Objects.requireNonNull(json, "json");
        if (json.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a record is one line");
        }
    }
}
