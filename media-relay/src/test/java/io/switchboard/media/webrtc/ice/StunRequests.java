package io.switchboard.media.webrtc.ice;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds ICE connectivity checks as a browser sends them (RFC 8445 section 7.1.2), with its own HMAC and CRC
 * (javax.crypto and java.util.zip, not the code under test), and reads responses.
 */
public final class StunRequests {
    private static final SecureRandom RANDOM = new SecureRandom();

    private StunRequests() {
    }

    /** A Binding request with USERNAME {@code username}, PRIORITY, ICE-CONTROLLING and maybe USE-CANDIDATE. */
    public static byte[] check(String username, String password, boolean useCandidate) {
        byte[] txid = new byte[12];
        RANDOM.nextBytes(txid);
        return check(txid, username, password, useCandidate, true, true);
    }

    public static byte[] check(byte[] txid, String username, String password, boolean useCandidate,
            boolean integrity, boolean fingerprint) {
        ByteArrayOutputStream attrs = new ByteArrayOutputStream();
        attribute(attrs, 0x0006, username.getBytes(StandardCharsets.UTF_8));
        attribute(attrs, 0x0024, ByteBuffer.allocate(4).putInt(0x6e0001ff).array());
        attribute(attrs, 0x802A, ByteBuffer.allocate(8).putLong(0x1122334455667788L).array());
        if (useCandidate) {
            attribute(attrs, 0x0025, new byte[0]);
        }
        byte[] message = message(0x0001, txid, attrs.toByteArray());
        if (integrity) {
            message = withIntegrity(message, password);
        }
        return fingerprint ? withFingerprint(message) : message;
    }

    static byte[] message(int type, byte[] txid, byte[] attributes) {
        ByteBuffer b = ByteBuffer.allocate(20 + attributes.length);
        b.putShort((short) type).putShort((short) attributes.length).putInt(0x2112A442).put(txid).put(attributes);
        return b.array();
    }

    static byte[] withIntegrity(byte[] message, String password) {
        byte[] out = java.util.Arrays.copyOf(message, message.length + 24);
        ByteBuffer.wrap(out).putShort(2, (short) (out.length - 20));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(out, 0, message.length);
            byte[] hmac = mac.doFinal();
            ByteBuffer.wrap(out, message.length, 24).putShort((short) 0x0008).putShort((short) 20).put(hmac);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static byte[] withFingerprint(byte[] message) {
        byte[] out = java.util.Arrays.copyOf(message, message.length + 8);
        ByteBuffer.wrap(out).putShort(2, (short) (out.length - 20));
        CRC32 crc = new CRC32();
        crc.update(out, 0, message.length);
        ByteBuffer.wrap(out, message.length, 8).putShort((short) 0x8028).putShort((short) 4)
                .putInt((int) (crc.getValue() ^ 0x5354554eL));
        return out;
    }

    private static void attribute(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type >>> 8);
        out.write(type);
        out.write(value.length >>> 8);
        out.write(value.length);
        out.writeBytes(value);
        for (int i = value.length; (i & 3) != 0; i++) {
            out.write(0);
        }
    }

    /** The message type of a response. */
    public static int type(byte[] response) {
        return ((response[0] & 0xFF) << 8) | (response[1] & 0xFF);
    }

    /** The ERROR-CODE of an error response (class * 100 + number), or -1. */
    public static int errorCode(byte[] response) {
        for (int at = 20; at + 4 <= response.length; ) {
            int t = ((response[at] & 0xFF) << 8) | (response[at + 1] & 0xFF);
            int len = ((response[at + 2] & 0xFF) << 8) | (response[at + 3] & 0xFF);
            if (t == 0x0009) {
                return (response[at + 6] & 0x7) * 100 + (response[at + 7] & 0xFF);
            }
            at += 4 + ((len + 3) & ~3);
        }
        return -1;
    }

    /** The XOR-MAPPED-ADDRESS port and IPv4 address of a success response, as "a.b.c.d:port". */
    public static String xorMapped(byte[] response) {
        for (int at = 20; at + 4 <= response.length; ) {
            int t = ((response[at] & 0xFF) << 8) | (response[at + 1] & 0xFF);
            int len = ((response[at + 2] & 0xFF) << 8) | (response[at + 3] & 0xFF);
            if (t == 0x0020) {
                int port = (((response[at + 6] & 0xFF) << 8) | (response[at + 7] & 0xFF)) ^ 0x2112;
                int[] cookie = {0x21, 0x12, 0xA4, 0x42};
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 4; i++) {
                    sb.append(i == 0 ? "" : ".").append((response[at + 8 + i] & 0xFF) ^ cookie[i]);
                }
                return sb + ":" + port;
            }
            at += 4 + ((len + 3) & ~3);
        }
        return null;
    }

    /** True when the response's MESSAGE-INTEGRITY verifies with {@code password} (checked with javax.crypto). */
    public static boolean integrityValid(byte[] response, String password) {
        for (int at = 20; at + 4 <= response.length; ) {
            int t = ((response[at] & 0xFF) << 8) | (response[at + 1] & 0xFF);
            int len = ((response[at + 2] & 0xFF) << 8) | (response[at + 3] & 0xFF);
            if (t == 0x0008) {
                byte[] signed = java.util.Arrays.copyOf(response, at);
                ByteBuffer.wrap(signed).putShort(2, (short) (at - 20 + 24));
                try {
                    Mac mac = Mac.getInstance("HmacSHA1");
                    mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
                    return java.util.Arrays.equals(mac.doFinal(signed),
                            java.util.Arrays.copyOfRange(response, at + 4, at + 24));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            at += 4 + ((len + 3) & ~3);
        }
        return false;
    }
}
