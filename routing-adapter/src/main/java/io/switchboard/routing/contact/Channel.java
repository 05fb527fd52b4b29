package io.switchboard.routing.contact;

/** The channel of a contact. Switchboard carries voice only; the type keeps the CTR field explicit. */
public enum Channel {
    VOICE
}
