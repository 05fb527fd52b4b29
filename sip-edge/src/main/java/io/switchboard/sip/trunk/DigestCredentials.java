package io.switchboard.sip.trunk;

/**
 * The digest computation of RFC 2617 section 3.2.2 / RFC 7616 section 3.4.1, shared by the client that
 * answers challenges (from a password) and the server that checks answers (from the stored HA1).
 */
public final class DigestCredentials {
    private DigestCredentials() {
    }

    /** The request-digest from a password: HA1 = H(user:realm:password), then {@link #responseFromHa1}. */
    public static String response(DigestAlgorithm algorithm, String username, String realm, String password,
                                  String method, String uri, String nonce, String qop, String nc, String cnonce) {
        return responseFromHa1(algorithm, algorithm.hex(username + ":" + realm + ":" + password), method, uri,
                nonce, qop, nc, cnonce);
    }

    /**
     * The request-digest from HA1: with qop=auth H(HA1:nonce:nc:cnonce:qop:HA2), without qop H(HA1:nonce:HA2),
     * where HA2 = H(method:uri).
     */
    public static String responseFromHa1(DigestAlgorithm algorithm, String ha1, String method, String uri,
                                         String nonce, String qop, String nc, String cnonce) {
        String ha2 = algorithm.hex(method + ":" + uri);
        if (qop == null || qop.isEmpty()) {
            return algorithm.hex(ha1 + ":" + nonce + ":" + ha2);
        }
        return algorithm.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }
}
