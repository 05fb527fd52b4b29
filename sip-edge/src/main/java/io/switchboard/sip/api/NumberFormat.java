package io.switchboard.sip.api;

/** How a trunk wants numbers in the Request-URI, To, From and P-Asserted-Identity of our outbound calls. */
public enum NumberFormat {
    /** "+15551230001" (RFC 3966 global number). */
    E164,
    /** "15551230001": E.164 without the plus. */
    DIGITS,
    /** "5551230001" for numbers in the trunk's country, international prefix plus digits for the others. */
    NATIONAL
}
