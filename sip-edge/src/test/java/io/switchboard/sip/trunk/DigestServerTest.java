package io.switchboard.sip.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.DigestSecret;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Our own client answering our own server's challenges, plus forged, stale, replayed and wrong credentials. */
class DigestServerTest {
    private static final String URI = "sip:+15550100@edge.example";
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DigestServer server = new DigestServer("edge.example", new NonceService(now::get, 300_000),
            List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5));
    private final Function<String, DigestSecret> users =
            Map.of("pbx", DigestSecret.fromPassword("pbx", "edge.example", "pw"))::get;

    private String answer(String challenge, String user, String password) {
        return answer(challenge, user, password, "INVITE", URI, 1);
    }

    private String answer(String challenge, String user, String password, String method, String uri, int nc) {
        return new DigestClient(user, password).authorization(DigestChallenge.parse(challenge), method, uri,
                "cnonce" + nc, nc);
    }

    private DigestServer.Outcome verify(String authorization) {
        return server.verify(authorization, "INVITE", URI, users).outcome();
    }

    @Test
    void bothOfferedAlgorithmsVerify() {
        List<String> challenges = server.challenges(false);
        assertTrue(challenges.get(0).contains("algorithm=SHA-256"), "RFC 8760: SHA-256 offered first");
        int nc = 0;
        for (String c : challenges) {
            // the challenges share one nonce, so each answer takes the next count
            DigestServer.Verdict v = server.verify(answer(c, "pbx", "pw", "INVITE", URI, ++nc), "INVITE", URI, users);
            assertEquals(DigestServer.Outcome.OK, v.outcome(), c);
            assertEquals("pbx", v.username());
        }
    }

    @Test
    void wrongPasswordUnknownUserOrMethodIsBad() {
        String c = server.challenges(false).get(1);
        assertEquals(DigestServer.Outcome.BAD, verify(answer(c, "pbx", "nope")));
        assertEquals(DigestServer.Outcome.BAD, verify(answer(c, "eve", "pw")));
        assertEquals(DigestServer.Outcome.BAD, server.verify(answer(c, "pbx", "pw"), "BYE", URI, users).outcome());
    }

    @Test
    void oldNonceIsStaleAndForgedNonceIsBad() {
        String c = server.challenges(false).get(0);
        String auth = answer(c, "pbx", "pw");
        now.addAndGet(300_001);
        assertEquals(DigestServer.Outcome.STALE, verify(auth));
        assertTrue(server.challenges(true).get(0).contains("stale=true"));
        String forged = auth.replaceFirst("nonce=\"[^\"]+\"", "nonce=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"");
        assertEquals(DigestServer.Outcome.BAD, verify(forged));
        assertEquals(DigestServer.Outcome.BAD, verify("Digest garbage"));
    }

    @Test
    void aCapturedHeaderIsAcceptedOnceAndAHigherCountAgain() {
        String c = server.challenges(false).get(1);
        String first = answer(c, "pbx", "pw", "INVITE", URI, 1);
        assertEquals(DigestServer.Outcome.OK, verify(first));
        assertEquals(DigestServer.Outcome.REPLAYED, verify(first), "the same nonce and nc twice is a replay");
        assertEquals(DigestServer.Outcome.OK, verify(answer(c, "pbx", "pw", "INVITE", URI, 2)),
                "RFC 7616 section 3.3: the client may reuse a nonce with a higher count");
        assertEquals(DigestServer.Outcome.REPLAYED, verify(answer(c, "pbx", "pw", "INVITE", URI, 2)));
    }

    @Test
    void aWrongResponseUsesUpNoCount() {
        String c = server.challenges(false).get(1);
        assertEquals(DigestServer.Outcome.BAD, verify(answer(c, "pbx", "guess")));
        assertEquals(DigestServer.Outcome.OK, verify(answer(c, "pbx", "pw")));
    }

    @Test
    void theDigestUriMustBeTheRequestUri() {
        String c = server.challenges(false).get(1);
        String elsewhere = answer(c, "pbx", "pw", "INVITE", "sip:+19005550100@edge.example", 1);
        assertEquals(DigestServer.Outcome.BAD, verify(elsewhere));
    }

    @Test
    void withoutQopOrCountTheAnswerIsBad() {
        String c = server.challenges(false).get(1).replace(", qop=\"auth\"", "");
        assertEquals(DigestServer.Outcome.BAD, verify(answer(c, "pbx", "pw")), "RFC 7616: qop is required");
    }

    @Test
    void aUserStoredAsMd5Ha1AnswersMd5Only() {
        String ha1 = DigestAlgorithm.MD5.hex("pbx:edge.example:pw");
        Function<String, DigestSecret> md5Only = Map.of("pbx", DigestSecret.md5("edge.example", ha1))::get;
        List<String> challenges = server.challenges(false);
        assertEquals(DigestServer.Outcome.BAD,
                server.verify(answer(challenges.get(0), "pbx", "pw"), "INVITE", URI, md5Only).outcome());
        assertEquals(DigestServer.Outcome.OK,
                server.verify(answer(challenges.get(1), "pbx", "pw"), "INVITE", URI, md5Only).outcome());
    }

    @Test
    void aForgottenNonceIsStaleNotAccepted() {
        NonceService small = new NonceService(now::get, 300_000, 2);
        DigestServer tiny = new DigestServer("edge.example", small, List.of(DigestAlgorithm.MD5));
        String c = tiny.challenges(false).get(0);
        tiny.challenges(false);
        tiny.challenges(false); // the first nonce is evicted at capacity
        assertEquals(2, small.size());
        assertEquals(DigestServer.Outcome.STALE, tiny.verify(answer(c, "pbx", "pw"), "INVITE", URI, users).outcome());
    }

    @Test
    void expiredNoncesAreForgotten() {
        NonceService book = new NonceService(now::get, 300_000);
        book.issue();
        book.issue();
        now.addAndGet(300_001);
        book.issue();
        assertEquals(1, book.size());
    }
}
