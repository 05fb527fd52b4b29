package io.switchboard.routing.contact;

import java.util.Objects;
import java.util.UUID;

/** The identifier of one contact (one CTR), a UUID as Amazon Connect uses. */
public record ContactId(UUID value) {

    public ContactId {
        Objects.requireNonNull(value, "value");
    }

    public static ContactId random() {
        return new ContactId(UUID.randomUUID());
    }

    /** Parses the canonical UUID text; throws IllegalArgumentException when it is not one. */
    public static ContactId parse(String text) {
        return new ContactId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
