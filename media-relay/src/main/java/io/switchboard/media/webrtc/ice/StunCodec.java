package io.switchboard.media.webrtc.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.message.Message;

/**
 * The one adapter to ice4j: decodes a STUN message (RFC 8489) into a {@link StunCheck} and encodes the
 * Binding responses an ICE-lite agent sends. ice4j parses attributes and computes HMAC-SHA1 and the CRC; the
 * integrity and fingerprint are placed and checked here over the raw bytes, so that no ice4j StunStack (and
 * its credentials manager) is needed. Nothing outside this class sees an ice4j type.
 */
public final class StunCodec {
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_INDICATION = 0x0011;
    private static final int BINDING_SUCCESS = 0x0101;
    private static final int BINDING_ERROR = 0x0111;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int HEADER = 20;
    private static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    private static final int ATTR_FINGERPRINT = 0x8028;
    private static final int ATTR_USE_CANDIDATE = 0x0025;
    private static final int ATTR_PRIORITY = 0x0024;
    private static final int ATTR_ICE_CONTROLLING = 0x802A;
    private static final int HMAC_LENGTH = 20;

    private StunCodec() {
    }

    /**
     * Decodes {@code data}; null when it is not a well-formed STUN message with the magic cookie (RFC 8489
     * section 6) or its FINGERPRINT does not match (section 14.7): such datagrams are discarded silently.
     */
    public static StunCheck decode(byte[] data, int length) {
        if (length < HEADER || (data[0] & 0xC0) != 0 || readInt(data, 4) != MAGIC_COOKIE) {
            return null;
        }
        int bodyLength = readShort(data, 2);
        if (bodyLength + HEADER != length || (bodyLength & 3) != 0) {
            return null;
        }
        int integrityAt = -1;
        boolean fingerprinted = false;
        for (int at = HEADER; at + 4 <= length; ) {
            int type = readShort(data, at);
            int len = readShort(data, at + 2);
            if (at + 4 + len > length) {
                return null;
            }
            if (type == ATTR_MESSAGE_INTEGRITY && integrityAt < 0) {
                integrityAt = at;
            } else if (type == ATTR_FINGERPRINT) {
                // RFC 8489 section 14.7: the CRC covers everything before the attribute, and it comes last
                if (len != 4 || at + 8 != length || !fingerprintMatches(data, at)) {
                    return null;
                }
                fingerprinted = true;
            }
            at += 4 + ((len + 3) & ~3);
        }
        Message message;
        try {
            message = Message.decode(data, 0, length);
        } catch (StunException | RuntimeException e) {
            return null;
        }
        UsernameAttribute user = (UsernameAttribute) message.getAttribute(Attribute.USERNAME);
        String username = user == null ? null : new String(user.getUsername(), StandardCharsets.UTF_8);
        return new StunCheck(message.getMessageType(), Arrays.copyOfRange(data, 8, HEADER), username,
                integrityAt, fingerprinted, message.containsAttribute((char) ATTR_USE_CANDIDATE),
                message.containsAttribute((char) ATTR_PRIORITY),
                message.containsAttribute((char) ATTR_ICE_CONTROLLING));
    }

    /**
     * True when the MESSAGE-INTEGRITY of {@code data} verifies with {@code key} (RFC 8489 section 14.5: the
     * HMAC covers the message up to the attribute, with the header's length counting up to its end).
     */
    public static boolean integrityValid(byte[] data, StunCheck check, byte[] key) {
        int at = check.integrityAt();
        if (at < 0 || at + 4 + HMAC_LENGTH > data.length || readShort(data, at + 2) != HMAC_LENGTH) {
            return false;
        }
        byte[] signed = Arrays.copyOf(data, at);
        writeShort(signed, 2, at - HEADER + 4 + HMAC_LENGTH);
        byte[] expected = MessageIntegrityAttribute.calculateHmacSha1(signed, 0, signed.length, key);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(data, at + 4, at + 4 + HMAC_LENGTH));
    }

    /**
     * A Binding success response (RFC 8445 section 7.3.1.3): XOR-MAPPED-ADDRESS of the request's source,
     * MESSAGE-INTEGRITY with our password, FINGERPRINT.
     */
    public static byte[] bindingSuccess(byte[] transactionId, InetSocketAddress source, byte[] key) {
        byte[] header = header(BINDING_SUCCESS, transactionId);
        Attribute mapped = AttributeFactory.createXorMappedAddressAttribute(
                new TransportAddress(source.getAddress(), source.getPort(), Transport.UDP), fullId(transactionId));
        return seal(concat(header, mapped.encode()), key);
    }

    /**
     * A Binding error response (RFC 8489 section 6.3.4) with ERROR-CODE; with integrity only when {@code key}
     * is given (never for 400 and 401, section 9.1.3), and always a FINGERPRINT (ICE, RFC 8445 section 7.3).
     */
    public static byte[] bindingError(byte[] transactionId, int code, String reason, byte[] key) {
        ErrorCodeAttribute error = AttributeFactory.createErrorCodeAttribute((char) code, reason);
        byte[] message = concat(header(BINDING_ERROR, transactionId), error.encode());
        return key == null ? fingerprint(message) : seal(message, key);
    }

    private static byte[] seal(byte[] message, byte[] key) {
        int at = message.length;
        byte[] withIntegrity = Arrays.copyOf(message, at + 4 + HMAC_LENGTH);
        writeShort(withIntegrity, 2, withIntegrity.length - HEADER);
        byte[] hmac = MessageIntegrityAttribute.calculateHmacSha1(withIntegrity, 0, at, key);
        writeShort(withIntegrity, at, ATTR_MESSAGE_INTEGRITY);
        writeShort(withIntegrity, at + 2, HMAC_LENGTH);
        System.arraycopy(hmac, 0, withIntegrity, at + 4, HMAC_LENGTH);
        return fingerprint(withIntegrity);
    }

    private static byte[] fingerprint(byte[] message) {
        int at = message.length;
        byte[] out = Arrays.copyOf(message, at + 8);
        writeShort(out, 2, out.length - HEADER);
        byte[] crc = FingerprintAttribute.calculateXorCRC32(out, 0, at);
        writeShort(out, at, ATTR_FINGERPRINT);
        writeShort(out, at + 2, 4);
        System.arraycopy(crc, 0, out, at + 4, 4);
        return out;
    }

    private static boolean fingerprintMatches(byte[] data, int at) {
        byte[] crc = FingerprintAttribute.calculateXorCRC32(data, 0, at);
        return MessageDigest.isEqual(crc, Arrays.copyOfRange(data, at + 4, at + 8));
    }

    private static byte[] header(int type, byte[] transactionId) {
        byte[] h = new byte[HEADER];
        writeShort(h, 0, type);
        writeInt(h, 4, MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, h, 8, 12);
        return h;
    }

    /** The magic cookie and transaction id, which XOR-MAPPED-ADDRESS is xored with (RFC 8489 section 14.2). */
    private static byte[] fullId(byte[] transactionId) {
        byte[] id = new byte[16];
        writeInt(id, 0, MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, id, 4, 12);
        return id;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        writeShort(out, 2, out.length - HEADER);
        return out;
    }

    static int readShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int readInt(byte[] b, int at) {
        return (readShort(b, at) << 16) | readShort(b, at + 2);
    }

    private static void writeShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void writeInt(byte[] b, int at, int v) {
        writeShort(b, at, v >>> 16);
        writeShort(b, at + 2, v);
    }
}
