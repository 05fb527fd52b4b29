package io.switchboard.routing.contact;

import java.util.Objects;

/** A customer or system endpoint of a contact: an E.164 address of type TELEPHONE_NUMBER, as in a CTR. */
public record Endpoint(String address, String type) {

    public static final String TELEPHONE_NUMBER = "TELEPHONE_NUMBER";

    public Endpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        if (type.equals(TELEPHONE_NUMBER) && !PhoneNumbers.isE164(address)) {
            throw new IllegalArgumentException("not an E.164 number: " + address);
        }
    }

    public static Endpoint phone(String e164) {
        return new Endpoint(e164, TELEPHONE_NUMBER);
    }
}
