package io.switchboard.turn.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/**
 * RFC 5769's sample messages decode and verify (MESSAGE-INTEGRITY with the short-term password or the
 * long-term key, FINGERPRINT), and flipping any one byte of any of them makes it fail: the decoder drops it
 * or its integrity no longer matches.
 */
class Rfc5769VectorsTest {

    /** Section 2.1, Sample Request (short-term credential "VOkJxbRl1RmTxUk/WvJxBt"). */
    static final byte[] REQUEST = hex("""
            00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
            00 24 00 04 6e 00 01 ff
            80 29 00 08 93 2f f9 b1 51 26 3b 36
            00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
            00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
            80 28 00 04 e5 7a 3b cf""");
    /** Section 2.2, Sample IPv4 Response: XOR-MAPPED-ADDRESS 192.0.2.1:32853. */
    static final byte[] IPV4_RESPONSE = hex("""
            01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 08 00 01 a1 47 e1 12 a6 43
            00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
            80 28 00 04 c0 7d 4c 96""");
    /** Section 2.3, Sample IPv6 Response: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853. */
    static final byte[] IPV6_RESPONSE = hex("""
            01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
            00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
            80 28 00 04 c8 fb 0b 4c""");
    /** Section 2.4, Sample Request with Long-Term Authentication (no FINGERPRINT). */
    static final byte[] LONG_TERM_REQUEST = hex("""
            00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
            00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
            00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41
            00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
            00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66""");

    static final byte[] SHORT_TERM_KEY = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);

    @Test
    void sampleRequestDecodesAndVerifies() throws Exception {
        StunMessage m = StunDecoder.decode(REQUEST);
        assertEquals(StunMethod.BINDING, m.method());
        assertTrue(m.isRequest());
        assertEquals("evtj:h6vY", m.username());
        assertTrue(m.hasFingerprint());
        assertTrue(m.integrityMatches(SHORT_TERM_KEY));
        assertFalse(m.integrityMatches("wrong".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ipv4ResponseDecodesAndVerifies() throws Exception {
        StunMessage m = StunDecoder.decode(IPV4_RESPONSE);
        assertEquals(StunClass.SUCCESS, m.messageClass());
        assertTrue(m.integrityMatches(SHORT_TERM_KEY));
    }

    @Test
    void ipv6ResponseDecodesAndVerifies() throws Exception {
        StunMessage m = StunDecoder.decode(IPV6_RESPONSE);
        assertEquals(StunClass.SUCCESS, m.messageClass());
        assertTrue(m.integrityMatches(SHORT_TERM_KEY));
    }

    @Test
    void longTermRequestVerifiesWithTheLongTermKey() throws Exception {
        StunMessage m = StunDecoder.decode(LONG_TERM_REQUEST);
        assertEquals("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", m.username());
        assertEquals("example.org", m.realm());
        assertEquals("f//499k954d6OL34oL9FSTvy64sA", m.nonce());
        assertFalse(m.hasFingerprint());
        assertTrue(m.integrityMatches(longTermKey(m.username(), "example.org", "TheMatrIX")));
        assertFalse(m.integrityMatches(longTermKey(m.username(), "example.org", "thematrix")));
    }

    /** Our encoder produces the XOR-MAPPED-ADDRESS bytes of the two sample responses. */
    @Test
    void encodedXorMappedAddressesMatchTheSamples() throws Exception {
        StunMessage request = StunDecoder.decode(REQUEST);
        byte[] v4 = StunResponse.success(request)
                .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853)).encode(null, false);
        assertArrayEquals(slice(IPV4_RESPONSE, 36, 12), slice(v4, 20, 12));
        byte[] v6 = StunResponse.success(request).xorMappedAddress(new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853)).encode(null, false);
        assertArrayEquals(slice(IPV6_RESPONSE, 36, 24), slice(v6, 20, 24));
    }

    /** What we sign and fingerprint, we verify; the same one-byte-flip rule holds for our own messages. */
    @Test
    void ourOwnResponsesVerify() throws Exception {
        StunMessage request = StunDecoder.decode(REQUEST);
        byte[] key = longTermKey("user", "realm", "pass");
        byte[] out = StunResponse.success(request).lifetime(600).software("switchboard").encode(key, true);
        StunMessage back = StunDecoder.decode(out);
        assertTrue(back.integrityMatches(key));
        assertEquals(600, back.lifetime());
        everyFlipFails(out, key);
    }

    @Test
    void aOneByteFlipOfEverySampleFails() {
        everyFlipFails(REQUEST, SHORT_TERM_KEY);
        everyFlipFails(IPV4_RESPONSE, SHORT_TERM_KEY);
        everyFlipFails(IPV6_RESPONSE, SHORT_TERM_KEY);
        everyFlipFails(LONG_TERM_REQUEST, longTermKey("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "example.org", "TheMatrIX"));
    }

    @Test
    void brokenFramingIsRefused() {
        assertThrows(StunFormatException.class, () -> StunDecoder.decode(slice(REQUEST, 0, 19)));
        assertThrows(StunFormatException.class, () -> StunDecoder.decode(slice(REQUEST, 0, REQUEST.length - 4)));
    }

    private static void everyFlipFails(byte[] message, byte[] key) {
        for (int i = 0; i < message.length; i++) {
            byte[] flipped = message.clone();
            flipped[i] ^= 0x01;
            boolean accepted;
            try {
                accepted = StunDecoder.decode(flipped).integrityMatches(key);
            } catch (StunFormatException e) {
                accepted = false;
            }
            assertFalse(accepted, "a flip of byte " + i + " went unnoticed");
        }
    }

    static byte[] longTermKey(String user, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5").digest((user + ":" + realm + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] slice(byte[] b, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(b, from, out, 0, length);
        return out;
    }

    static byte[] hex(String s) {
        String digits = s.replaceAll("\\s", "");
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
