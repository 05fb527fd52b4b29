package io.switchboard.routing.contact;

/** Why a contact ended, with the values of a CTR's {@code DisconnectReason} field. */
public enum DisconnectReason {
    CUSTOMER_DISCONNECT,
    AGENT_DISCONNECT,
    THIRD_PARTY_DISCONNECT,
    CONTACT_FLOW_DISCONNECT,
    TELECOM_PROBLEM,
    OTHER
}
