package io.switchboard.media.api;

import java.util.Objects;
import java.util.UUID;

/** Names one media endpoint (one leg's RTP stream) across the API. */
public record EndpointId(String value) {
    public EndpointId {
        Objects.requireNonNull(value, "value");
    }

    public static EndpointId random() {
        return new EndpointId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
