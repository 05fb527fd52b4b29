package io.switchboard.media.codec;

/**
 * ITU-T G.711 mu-law and A-law companding between 16-bit linear PCM and 8-bit codes.
 *
 * <p>The encoders follow the segment/quantisation rules of G.711 section 2 and 3 (the same arithmetic as
 * the ITU G.191 reference {@code g711.c}); decoders are 256-entry tables built from them once. Transcoding
 * between the two laws goes through linear and is also tabled, so that converting a payload in place costs
 * one table lookup per byte and no allocation.
 */
public final class G711 {
    /** RTP static payload type for G.711 mu-law (RFC 3551 section 6). */
    public static final int PT_PCMU = 0;
    /** RTP static payload type for G.711 A-law (RFC 3551 section 6). */
    public static final int PT_PCMA = 8;

    private static final int MU_BIAS = 0x84;
    private static final int MU_CLIP = 32635;
    private static final short[] MU_DECODE = new short[256];
    private static final short[] A_DECODE = new short[256];
    private static final byte[] MU_TO_A = new byte[256];
    private static final byte[] A_TO_MU = new byte[256];
    /** Upper ends of the A-law segments in 13-bit magnitude (G.711 Table 1). */
    private static final int[] A_SEG_END = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

    static {
        for (int code = 0; code < 256; code++) {
            MU_DECODE[code] = computeMuDecode(code);
            A_DECODE[code] = computeADecode(code);
        }
        for (int code = 0; code < 256; code++) {
            MU_TO_A[code] = linearToAlaw(MU_DECODE[code]);
            A_TO_MU[code] = linearToUlaw(A_DECODE[code]);
        }
    }

    private G711() {
    }

    /** Encodes one 16-bit linear sample to mu-law (G.711 section 3, with the 0x84 bias and clip at 32635). */
    public static byte linearToUlaw(int sample) {
        int sign = (sample >> 8) & 0x80;
        int magnitude = sign != 0 ? -sample : sample;
        if (magnitude > MU_CLIP) {
            magnitude = MU_CLIP;
        }
        magnitude += MU_BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    /** Encodes one 16-bit linear sample to A-law (G.711 section 2, even bits inverted with 0x55). */
    public static byte linearToAlaw(int sample) {
        int pcm = sample >> 3; // A-law works on 13-bit magnitudes
        int mask;
        if (pcm >= 0) {
            mask = 0xD5; // sign bit set for positive values, then the even-bit inversion
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int seg = 0;
        while (seg < 8 && pcm > A_SEG_END[seg]) {
            seg++;
        }
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int aval = seg << 4;
        aval |= seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F;
        return (byte) (aval ^ mask);
    }

    /** Decodes a mu-law code to 16-bit linear. */
    public static short ulawToLinear(byte code) {
        return MU_DECODE[code & 0xFF];
    }

    /** Decodes an A-law code to 16-bit linear. */
    public static short alawToLinear(byte code) {
        return A_DECODE[code & 0xFF];
    }

    /** Converts a mu-law code to the A-law code of the same linear value. */
    public static byte ulawToAlaw(byte code) {
        return MU_TO_A[code & 0xFF];
    }

    /** Converts an A-law code to the mu-law code of the same linear value. */
    public static byte alawToUlaw(byte code) {
        return A_TO_MU[code & 0xFF];
    }

    /** Decodes one code of the given static payload type ({@link #PT_PCMU} or {@link #PT_PCMA}). */
    public static short decode(int payloadType, byte code) {
        return payloadType == PT_PCMA ? alawToLinear(code) : ulawToLinear(code);
    }

    /** Encodes one sample for the given static payload type ({@link #PT_PCMU} or {@link #PT_PCMA}). */
    public static byte encode(int payloadType, int sample) {
        return payloadType == PT_PCMA ? linearToAlaw(sample) : linearToUlaw(sample);
    }

    /** The code a silent sample encodes to. */
    public static byte silence(int payloadType) {
        return encode(payloadType, 0);
    }

    private static short computeMuDecode(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + MU_BIAS;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? MU_BIAS - t : t - MU_BIAS);
    }

    private static short computeADecode(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }
}
