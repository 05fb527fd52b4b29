package io.switchboard.sip.trunk;

import io.switchboard.sip.api.DigestSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Challenges and checks digest credentials (RFC 3261 section 22.4, RFC 7616, RFC 8760 SHA-256) against the
 * stored HA1 of each user, never a password. Only qop=auth is accepted (RFC 7616 section 3.3 makes qop
 * mandatory; without it a nonce could not carry a count). A response is accepted once per nonce-count on a
 * nonce this server issued, only for the Request-URI it names (RFC 7616 section 3.4.6). Core loop only.
 */
public final class DigestServer {
    /** The outcome of checking an Authorization header, with why it was refused (for the log, never the peer). */
    public record Verdict(Outcome outcome, String username, String reason) {
        Verdict(Outcome outcome, String username) {
            this(outcome, username, outcome.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Accepted; right but on an expired or forgotten nonce (re-challenge with stale=true); right but a nonce-count
     * already used (a replay: re-challenge, never accept); or refused (unknown user and wrong password alike).
     */
    public enum Outcome { OK, STALE, REPLAYED, BAD }

    /** The reason of a verdict on credentials naming a user we do not have. */
    public static final String UNKNOWN_USER = "unknown user";
    private static final Pattern NC = Pattern.compile("[0-9a-fA-F]{8}");
    /** Hashed in place of an unknown user's HA1, so unknown users and wrong passwords take the same work. */
    private static final String NO_USER = "0".repeat(64);

    private final String realm;
    private final NonceService nonces;
    private final List<DigestAlgorithm> offered;

    /** @param offered algorithms to challenge with, preferred first */
    public DigestServer(String realm, NonceService nonces, List<DigestAlgorithm> offered) {
        if (offered.isEmpty()) {
            throw new IllegalArgumentException("offer at least one digest algorithm");
        }
        this.realm = realm;
        this.nonces = nonces;
        this.offered = List.copyOf(offered);
    }

    public String realm() {
        return realm;
    }

    /** The algorithms challenged with, preferred first. */
    public List<DigestAlgorithm> algorithms() {
        return offered;
    }

    /** WWW-Authenticate values in order of preference, sharing one nonce; qop=auth. */
    public List<String> challenges(boolean stale) {
        String nonce = nonces.issue();
        String tail = ", qop=\"auth\"" + (stale ? ", stale=true" : "");
        return offered.stream().map(a -> "Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", algorithm="
                + a.wireName() + tail).toList();
    }

    /**
     * Checks credentials for {@code method} to {@code requestUri}: the realm must be ours, the digest uri the
     * Request-URI, the nonce ours with an unused count, the user known to {@code users} (null when not) with an
     * HA1 for the algorithm, and the response right.
     */
    public Verdict verify(String authorization, String method, String requestUri,
                          Function<String, DigestSecret> users) {
        DigestChallenge c;
        try {
            c = DigestChallenge.parse(authorization);
        } catch (IllegalArgumentException e) {
            return new Verdict(Outcome.BAD, null, "unparseable credentials");
        }
        String user = c.get("username");
        String nonce = c.get("nonce");
        String uri = c.get("uri");
        String response = c.get("response");
        String nc = c.get("nc");
        String cnonce = c.get("cnonce");
        DigestAlgorithm algorithm = DigestAlgorithm.fromWireName(c.get("algorithm"));
        if (algorithm == null || !offered.contains(algorithm) || !c.isDigest()) {
            return new Verdict(Outcome.BAD, user, "algorithm not offered: " + c.get("algorithm"));
        }
        if (user == null || nonce == null || uri == null || response == null || cnonce == null || nc == null
                || !NC.matcher(nc).matches() || !"auth".equalsIgnoreCase(c.get("qop"))) {
            return new Verdict(Outcome.BAD, user, "credentials without username, nonce, uri, response, qop=auth, "
                    + "nc or cnonce");
        }
        if (!realm.equals(c.get("realm"))) {
            return new Verdict(Outcome.BAD, user, "realm " + c.get("realm") + " is not " + realm);
        }
        if (!uri.equals(requestUri)) {
            return new Verdict(Outcome.BAD, user, "digest uri " + uri + " is not the Request-URI " + requestUri);
        }
        long count = Long.parseLong(nc, 16);
        NonceService.Check nonceCheck = nonces.check(nonce, count);
        if (nonceCheck == NonceService.Check.FORGED) {
            return new Verdict(Outcome.BAD, user, "nonce not issued by us");
        }
        DigestSecret secret = users.apply(user);
        String ha1 = secret == null || !secret.realm().equals(realm) ? null : secret.ha1(algorithm.wireName());
        String expected = DigestCredentials.responseFromHa1(algorithm, ha1 == null ? NO_USER : ha1, method, uri,
                nonce, "auth", nc, cnonce);
        boolean right = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (ha1 == null || !right) {
            return new Verdict(Outcome.BAD, user, ha1 == null ? UNKNOWN_USER : "wrong response");
        }
        return switch (nonceCheck) {
            case VALID -> {
                nonces.use(nonce, count);
                yield new Verdict(Outcome.OK, user);
            }
            case STALE -> new Verdict(Outcome.STALE, user);
            default -> new Verdict(Outcome.REPLAYED, user);
        };
    }
}
