package io.switchboard.media.api;

import java.util.Objects;
import java.util.UUID;

/** Names one mixer (conference) across the API. */
public record MixerId(String value) {
    public MixerId {
        Objects.requireNonNull(value, "value");
    }

    public static MixerId random() {
        return new MixerId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
