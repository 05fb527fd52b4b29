package io.switchboard.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Checks the codecs against ITU-T G.711 Tables 1 and 2: decoder output values per segment and step, the
 * character for zero and full scale, and that every decision interval maps back to its own code.
 */
class G711Test {

    /** G.711 Table 2 (mu-law): output of step q in segment s is (2q + 33) * 2^s - 33 in 14-bit units. */
    static int ituMuOutput14(int segment, int step) {
        return ((2 * step + 33) << segment) - 33;
    }

    /** G.711 Table 1 (A-law): segment 0 outputs 2q + 1, segment s >= 1 outputs (2q + 33) * 2^(s-1), 13-bit. */
    static int ituAOutput13(int segment, int step) {
        return segment == 0 ? 2 * step + 1 : (2 * step + 33) << (segment - 1);
    }

    @Test
    void muLawDecoderMatchesTable2ForEveryCode() {
        for (int code = 0; code < 256; code++) {
            int magnitudeBits = ~code & 0x7F; // mu-law transmits every bit inverted
            int segment = magnitudeBits >> 4;
            int step = magnitudeBits & 0x0F;
            boolean positive = (code & 0x80) != 0;
            int expected = 4 * ituMuOutput14(segment, step) * (positive ? 1 : -1);
            assertEquals(expected, G711.ulawToLinear((byte) code), "mu-law code 0x" + Integer.toHexString(code));
        }
    }

    @Test
    void aLawDecoderMatchesTable1ForEveryCode() {
        for (int code = 0; code < 256; code++) {
            int bits = code ^ 0x55; // even bits inverted on the line
            int segment = (bits >> 4) & 0x07;
            int step = bits & 0x0F;
            boolean positive = (bits & 0x80) != 0;
            int expected = 8 * ituAOutput13(segment, step) * (positive ? 1 : -1);
            assertEquals(expected, G711.alawToLinear((byte) code), "A-law code 0x" + Integer.toHexString(code));
        }
    }

    @Test
    void knownCharacters() {
        assertEquals((byte) 0xFF, G711.linearToUlaw(0));
        assertEquals((byte) 0x80, G711.linearToUlaw(32767));
        assertEquals((byte) 0x00, G711.linearToUlaw(-32768));
        assertEquals((byte) 0xD5, G711.linearToAlaw(0));
        assertEquals((byte) 0xAA, G711.linearToAlaw(32767));
        assertEquals((byte) 0x2A, G711.linearToAlaw(-32768));
        assertEquals(32124, G711.ulawToLinear((byte) 0x80));
        assertEquals(32256, G711.alawToLinear((byte) 0xAA));
    }

    @Test
    void everyDecodedValueEncodesBackToItsCode() {
        for (int code = 0; code < 256; code++) {
            byte c = (byte) code;
            if (code != 0x7F) { // mu-law has two zeros; 0x7F (negative zero) re-encodes as 0xFF
                assertEquals(c, G711.linearToUlaw(G711.ulawToLinear(c)), "mu " + code);
            }
            assertEquals(c, G711.linearToAlaw(G711.alawToLinear(c)), "A " + code);
        }
    }

    @Test
    void encoderIsMonotonicAndErrorStaysWithinHalfAStep() {
        int previous = Integer.MIN_VALUE;
        for (int x = -32768; x <= 32767; x++) {
            int mu = G711.ulawToLinear(G711.linearToUlaw(x));
            int a = G711.alawToLinear(G711.linearToAlaw(x));
            assertTrue(mu >= previous, "mu-law reconstruction must not decrease at " + x);
            previous = mu;
            int clipped = Math.max(-32124, Math.min(32124, x));
            // the largest step is 2^7 * 2 * 4 = 1024 (mu) and 2^6 * 2 * 8 = 1024 (A); half of it bounds the error
            assertTrue(Math.abs(mu - clipped) <= 512 + 132, "mu error at " + x);
            int aClipped = Math.max(-32256, Math.min(32256, x));
            assertTrue(Math.abs(a - aClipped) <= 512 + 8, "A error at " + x);
        }
    }

    @Test
    void transcodingKeepsTheLinearValueWithinOneStep() {
        for (int code = 0; code < 256; code++) {
            byte mu = (byte) code;
            short linear = G711.ulawToLinear(mu);
            short viaA = G711.alawToLinear(G711.ulawToAlaw(mu));
            assertEquals(G711.linearToAlaw(linear), G711.ulawToAlaw(mu));
            assertTrue(Math.abs(linear - viaA) <= Math.max(16, Math.abs(linear) / 16), "mu->A " + code);
            byte a = (byte) code;
            assertEquals(G711.linearToUlaw(G711.alawToLinear(a)), G711.alawToUlaw(a));
        }
    }
}
