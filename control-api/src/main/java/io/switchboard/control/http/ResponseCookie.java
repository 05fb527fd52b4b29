package io.switchboard.control.http;

import java.time.Duration;

/**
 * A {@code Set-Cookie} field (RFC 6265 section 4.1). Only the attributes the control API uses: the value
 * must be a cookie-octet string (our tokens are base64url), so it is written without quoting.
 *
 * @param maxAge null for a session cookie (gone when the browser closes); zero to delete the cookie
 */
public record ResponseCookie(String name, String value, String path, Duration maxAge, boolean httpOnly,
                             boolean secure, SameSite sameSite) {

    /** Where the browser sends the cookie along (draft-ietf-httpbis-rfc6265bis section 5.6.7). */
    public enum SameSite {
        STRICT("Strict"), LAX("Lax");

        private final String text;

        SameSite(String text) {
            this.text = text;
        }
    }

    public ResponseCookie {
        if (!name.matches("[A-Za-z0-9_!#$%&'*+.^`|~-]+")) {
            throw new IllegalArgumentException("bad cookie name " + name);
        }
        // RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash.
        if (!value.matches("[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]*")) {
            throw new IllegalArgumentException("bad cookie value for " + name);
        }
    }

    public String toHeaderValue() {
        StringBuilder out = new StringBuilder(name).append('=').append(value);
        if (path != null) {
            out.append("; Path=").append(path);
        }
        if (maxAge != null) {
            out.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if (httpOnly) {
            out.append("; HttpOnly");
        }
        if (secure) {
            out.append("; Secure");
        }
        if (sameSite != null) {
            out.append("; SameSite=").append(sameSite.text);
        }
        return out.toString();
    }

    /** Never prints the value: a session cookie is a credential. */
    @Override
    public String toString() {
        return "ResponseCookie[" + name + "]";
    }
}
