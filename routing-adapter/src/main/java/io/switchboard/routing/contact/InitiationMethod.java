package io.switchboard.routing.contact;

/** How a contact started, with the names a CTR's {@code InitiationMethod} field uses. */
public enum InitiationMethod {
    INBOUND,
    OUTBOUND,
    TRANSFER,
    QUEUE_TRANSFER,
    CALLBACK,
    API
}
