package io.switchboard.sip.trunk;

import io.switchboard.sip.codec.SipMessages;
import java.util.List;

/**
 * Answers a 401/407 challenge (RFC 3261 section 22.2 and 22.3, RFC 8760 for SHA-256): picks the topmost
 * digest challenge with an algorithm we support and builds the Authorization / Proxy-Authorization value.
 */
public final class DigestClient {
    private final String username;
    private final String password;

    public DigestClient(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /** The topmost supported digest challenge of those given, or null when none can be answered. */
    public static DigestChallenge choose(List<String> challengeValues) {
        for (String value : challengeValues) {
            try {
                DigestChallenge c = DigestChallenge.parse(value);
                if (c.isDigest() && DigestAlgorithm.fromWireName(c.get("algorithm")) != null
                        && c.get("nonce") != null && c.get("realm") != null) {
                    return c;
                }
            } catch (IllegalArgumentException e) {
                // a malformed challenge is skipped; another one may still be answerable
            }
        }
        return null;
    }

    /** The credentials for {@code method} on {@code uri}, with qop=auth when offered and a fresh cnonce. */
    public String authorization(DigestChallenge challenge, String method, String uri) {
        return authorization(challenge, method, uri, SipMessages.token(16), 1);
    }

    String authorization(DigestChallenge challenge, String method, String uri, String cnonce, int nc) {
        DigestAlgorithm algorithm = DigestAlgorithm.fromWireName(challenge.get("algorithm"));
        String realm = challenge.get("realm");
        String nonce = challenge.get("nonce");
        boolean qop = challenge.offersQopAuth();
        String ncText = String.format("%08x", nc);
        String response = DigestCredentials.response(algorithm, username, realm, password, method, uri, nonce,
                qop ? "auth" : null, ncText, cnonce);
        StringBuilder sb = new StringBuilder("Digest username=\"").append(quote(username))
                .append("\", realm=\"").append(quote(realm))
                .append("\", nonce=\"").append(quote(nonce))
                .append("\", uri=\"").append(quote(uri))
                .append("\", response=\"").append(response)
                .append("\", algorithm=").append(algorithm.wireName());
        if (qop) {
            sb.append(", qop=auth, nc=").append(ncText).append(", cnonce=\"").append(cnonce).append('"');
        }
        if (challenge.get("opaque") != null) {
            sb.append(", opaque=\"").append(quote(challenge.get("opaque"))).append('"');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
