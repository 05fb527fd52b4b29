package io.switchboard.routing.record;

import java.time.Instant;
import java.util.Objects;

/**
 * One record as it is stored: its contact id, its disconnect time (which names the day file and orders
 * searches), its last update (a later version of a contact's record replaces an earlier one), whether it was
 * made at restart for an interrupted contact, and its JSON text on one line.
 */
public record ContactTraceLine(String contactId, Instant disconnectTimestamp, Instant lastUpdateTimestamp,
                               boolean interrupted, String json) {
    public ContactTraceLine {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(disconnectTimestamp, "disconnectTimestamp");
        Objects.requireNonNull(lastUpdateTimestamp, "lastUpdateTimestamp");
        Objects.requireNonNull(json, "json");
        if (json.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a record is one line");
        }
    }

    /** A line whose last update is its disconnect. */
    public ContactTraceLine(String contactId, Instant disconnectTimestamp, String json) {
        this(contactId, disconnectTimestamp, disconnectTimestamp, false, json);
    }
}
