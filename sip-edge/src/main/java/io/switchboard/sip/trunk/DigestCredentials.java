package io.switchboard.sip.trunk;

/**
 * The digest computation of RFC 2617 section 3.2.2 / RFC 7616 section 3.4.1, shared by the client that
 * answers challenges and the server that checks answers.
 */
public final class DigestCredentials {
    private DigestCredentials() {
    }

    /**
     * The request-digest: with qop=auth H(HA1:nonce:nc:cnonce:qop:HA2), without qop H(HA1:nonce:HA2), where
     * HA1 = H(user:realm:password) and HA2 = H(method:uri).
     */
    public static String response(DigestAlgorithm algorithm, String username, String realm, String password,
                                  String method, String uri, String nonce, String qop, String nc, String cnonce) {
        String ha1 = algorithm.hex(username + ":" + realm + ":" + password);
        String ha2 = algorithm.hex(method + ":" + uri);
        if (qop == null || qop.isEmpty()) {
            return algorithm.hex(ha1 + ":" + nonce + ":" + ha2);
        }
        return algorithm.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }
}
