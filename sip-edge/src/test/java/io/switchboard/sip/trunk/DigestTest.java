package io.switchboard.sip.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Digest computations against the published examples of RFC 2617 and RFC 7616. */
class DigestTest {
    @Test
    void rfc2617Section3_5Example() {
        assertEquals("6629fae49393a05397450978507c4ef1", DigestCredentials.response(DigestAlgorithm.MD5,
                "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b"));
    }

    @Test
    void rfc7616Section3_9_1ExampleMd5AndSha256() {
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", DigestCredentials.response(DigestAlgorithm.MD5, "Mufasa",
                "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html", nonce, "auth", "00000001",
                cnonce));
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                DigestCredentials.response(DigestAlgorithm.SHA_256, "Mufasa", "http-auth@example.org",
                        "Circle of Life", "GET", "/dir/index.html", nonce, "auth", "00000001", cnonce));
    }

    @Test
    void withoutQopTheRfc2069FormIsUsed() {
        // H(HA1:nonce:HA2), checked by composing the same hashes by hand
        DigestAlgorithm md5 = DigestAlgorithm.MD5;
        String expected = md5.hex(md5.hex("bob:sip.example.com:zanzibar") + ":abc:" + md5.hex("INVITE:sip:+1555@x"));
        assertEquals(expected, DigestCredentials.response(md5, "bob", "sip.example.com", "zanzibar", "INVITE",
                "sip:+1555@x", "abc", null, null, null));
    }

    @Test
    void challengeParsingHandlesQuotesCommasAndEscapes() {
        DigestChallenge c = DigestChallenge.parse("Digest realm=\"sip.example.com\", qop=\"auth,auth-int\", "
                + "nonce=\"a\\\"b,c\", algorithm=SHA-256, stale=TRUE, opaque=\"\"");
        assertTrue(c.isDigest());
        assertEquals("sip.example.com", c.get("realm"));
        assertEquals("a\"b,c", c.get("nonce"));
        assertEquals("SHA-256", c.get("algorithm"));
        assertEquals("", c.get("opaque"));
        assertTrue(c.offersQopAuth());
        assertTrue(c.stale());
        assertEquals(DigestAlgorithm.SHA_256, DigestAlgorithm.fromWireName(c.get("algorithm")));
        assertEquals(DigestAlgorithm.MD5, DigestAlgorithm.fromWireName(null));
        assertNull(DigestAlgorithm.fromWireName("SHA-512-256"));
        assertFalse(DigestChallenge.parse("Digest realm=\"x\", nonce=\"y\"").offersQopAuth());
    }
}
