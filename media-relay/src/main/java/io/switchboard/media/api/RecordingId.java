package io.switchboard.media.api;

import java.util.Objects;
import java.util.UUID;

/** Names one recording across the API. */
public record RecordingId(String value) {
    public RecordingId {
        Objects.requireNonNull(value, "value");
    }

    public static RecordingId random() {
        return new RecordingId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
