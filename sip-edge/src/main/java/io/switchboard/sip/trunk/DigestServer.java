package io.switchboard.sip.trunk;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Challenges and checks digest credentials for trunks that authenticate instead of (or as well as)
 * calling from a known network (RFC 3261 section 22.4; RFC 8760 adds SHA-256, offered first).
 */
public final class DigestServer {
    /** The outcome of checking an Authorization header. */
    public record Verdict(Outcome outcome, String username) {
    }

    /** Accepted, nonce too old (re-challenge with stale=true), or refused. */
    public enum Outcome { OK, STALE, BAD }

    private final String realm;
    private final NonceService nonces;
    private final List<DigestAlgorithm> offered;

    /** @param offered algorithms to challenge with, preferred first */
    public DigestServer(String realm, NonceService nonces, List<DigestAlgorithm> offered) {
        this.realm = realm;
        this.nonces = nonces;
        this.offered = List.copyOf(offered);
    }

    /** WWW-Authenticate values in order of preference, sharing one nonce; qop=auth. */
    public List<String> challenges(boolean stale) {
        String nonce = nonces.issue();
        String tail = ", qop=\"auth\"" + (stale ? ", stale=true" : "");
        return offered.stream().map(a -> "Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", algorithm="
                + a.wireName() + tail).toList();
    }

    /**
     * Checks credentials for {@code method}: the realm must be ours, the nonce genuine, the user known in
     * {@code users}, and the response right. A right response on an expired nonce is STALE.
     */
    public Verdict verify(String authorization, String method, Map<String, String> users) {
        DigestChallenge c;
        try {
            c = DigestChallenge.parse(authorization);
        } catch (IllegalArgumentException e) {
            return new Verdict(Outcome.BAD, null);
        }
        String user = c.get("username");
        String nonce = c.get("nonce");
        String uri = c.get("uri");
        String response = c.get("response");
        DigestAlgorithm algorithm = DigestAlgorithm.fromWireName(c.get("algorithm"));
        if (algorithm == null || !offered.contains(algorithm) || !c.isDigest() || user == null || nonce == null
                || uri == null || response == null
                || !realm.equals(c.get("realm")) || !users.containsKey(user)) {
            return new Verdict(Outcome.BAD, user);
        }
        NonceService.Check nonceCheck = nonces.check(nonce);
        if (nonceCheck == NonceService.Check.FORGED) {
            return new Verdict(Outcome.BAD, user);
        }
        String qop = c.get("qop");
        if (qop != null && !qop.equalsIgnoreCase("auth")) {
            return new Verdict(Outcome.BAD, user);
        }
        String expected = DigestCredentials.response(algorithm, user, realm, users.get(user), method, uri, nonce,
                qop, c.get("nc"), c.get("cnonce"));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return new Verdict(Outcome.BAD, user);
        }
        return new Verdict(nonceCheck == NonceService.Check.STALE ? Outcome.STALE : Outcome.OK, user);
    }
}
