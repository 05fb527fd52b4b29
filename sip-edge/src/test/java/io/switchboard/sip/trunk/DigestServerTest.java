package io.switchboard.sip.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Our own client answering our own server's challenges, plus forged, stale and wrong credentials. */
class DigestServerTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DigestServer server = new DigestServer("edge.example", new NonceService(now::get, 300_000),
            List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5));
    private final Map<String, String> users = Map.of("pbx", "pw");

    private String answer(String challenge, String user, String password) {
        return new DigestClient(user, password).authorization(DigestChallenge.parse(challenge), "INVITE",
                "sip:+15550100@edge.example");
    }

    @Test
    void bothOfferedAlgorithmsVerify() {
        List<String> challenges = server.challenges(false);
        assertTrue(challenges.get(0).contains("algorithm=SHA-256"), "RFC 8760: SHA-256 offered first");
        for (String c : challenges) {
            DigestServer.Verdict v = server.verify(answer(c, "pbx", "pw"), "INVITE", users);
            assertEquals(DigestServer.Outcome.OK, v.outcome(), c);
            assertEquals("pbx", v.username());
        }
    }

    @Test
    void wrongPasswordUnknownUserOrMethodIsBad() {
        String c = server.challenges(false).get(1);
        assertEquals(DigestServer.Outcome.BAD, server.verify(answer(c, "pbx", "nope"), "INVITE", users).outcome());
        assertEquals(DigestServer.Outcome.BAD, server.verify(answer(c, "eve", "pw"), "INVITE", users).outcome());
        assertEquals(DigestServer.Outcome.BAD, server.verify(answer(c, "pbx", "pw"), "BYE", users).outcome());
    }

    @Test
    void oldNonceIsStaleAndForgedNonceIsBad() {
        String c = server.challenges(false).get(0);
        String auth = answer(c, "pbx", "pw");
        now.addAndGet(300_001);
        assertEquals(DigestServer.Outcome.STALE, server.verify(auth, "INVITE", users).outcome());
        assertTrue(server.challenges(true).get(0).contains("stale=true"));
        String forged = auth.replaceFirst("nonce=\"[^\"]+\"", "nonce=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"");
        assertEquals(DigestServer.Outcome.BAD, server.verify(forged, "INVITE", users).outcome());
        assertEquals(DigestServer.Outcome.BAD, server.verify("Digest garbage", "INVITE", users).outcome());
    }
}
