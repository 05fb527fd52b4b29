package io.switchboard.sip.trunk;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed WWW-Authenticate / Proxy-Authenticate / Authorization value: the scheme and its auth-params
 * (RFC 3261 section 25.1 challenge and credentials grammar, quoted strings unescaped).
 */
public record DigestChallenge(String scheme, Map<String, String> params) {

    /** Parses {@code Digest realm="x", nonce="y", qop="auth,auth-int"}; throws IllegalArgumentException. */
    public static DigestChallenge parse(String value) {
        String v = value.trim();
        int space = v.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("no auth-params in " + value);
        }
        String scheme = v.substring(0, space);
        Map<String, String> params = new LinkedHashMap<>();
        int i = space + 1;
        while (i < v.length()) {
            while (i < v.length() && (v.charAt(i) == ' ' || v.charAt(i) == ',' || v.charAt(i) == '\t')) {
                i++;
            }
            int eq = v.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = v.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < v.length() && v.charAt(i) == ' ') {
                i++;
            }
            StringBuilder val = new StringBuilder();
            if (i < v.length() && v.charAt(i) == '"') {
                i++;
                while (i < v.length() && v.charAt(i) != '"') {
                    if (v.charAt(i) == '\\' && i + 1 < v.length()) {
                        i++;
                    }
                    val.append(v.charAt(i++));
                }
                i++; // closing quote
            } else {
                while (i < v.length() && v.charAt(i) != ',') {
                    val.append(v.charAt(i++));
                }
            }
            params.put(name, val.toString().trim());
        }
        return new DigestChallenge(scheme, params);
    }

    public boolean isDigest() {
        return "digest".equalsIgnoreCase(scheme);
    }

    public String get(String name) {
        return params.get(name);
    }

    /** True when the qop list offers "auth" (RFC 2617 section 3.2.1 qop-options). */
    public boolean offersQopAuth() {
        String qop = params.get("qop");
        if (qop == null) {
            return false;
        }
        for (String q : qop.split(",")) {
            if (q.trim().equalsIgnoreCase("auth")) {
                return true;
            }
        }
        return false;
    }

    public boolean stale() {
        return "true".equalsIgnoreCase(params.get("stale"));
    }
}
