package io.switchboard.turn.stun;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.attribute.UnknownAttributesAttribute;

/**
 * A response (or indication) to send: attributes are added in order and encoded by ice4j's attribute classes;
 * {@link #encode} frames them and appends MESSAGE-INTEGRITY (RFC 8489 section 14.5) and FINGERPRINT
 * (section 14.7), which must come last, in that order.
 */
public final class StunResponse {

    private final int type;
    private final byte[] transactionId;
    private final ByteArrayOutputStream attributes = new ByteArrayOutputStream(128);
    private int errorCode;

    private StunResponse(int type, byte[] transactionId) {
        this.type = type;
        this.transactionId = transactionId;
    }

    /** A success response to {@code request}. */
    public static StunResponse success(StunMessage request) {
        return new StunResponse(StunClass.SUCCESS.type(request.method()), request.rawTransactionId());
    }

    /** An error response to {@code request} with ERROR-CODE {@code code} and its reason phrase. */
    public static StunResponse error(StunMessage request, int code, String reason) {
        StunResponse r = new StunResponse(StunClass.ERROR.type(request.method()), request.rawTransactionId());
        r.errorCode = code;
        r.add(AttributeFactory.createErrorCodeAttribute((char) code, reason));
        return r;
    }

    /** A message of any class and method, for the test clients. */
    public static StunResponse message(StunMethod method, StunClass messageClass, byte[] transactionId) {
        return new StunResponse(messageClass.type(method), transactionId.clone());
    }

    /** The ERROR-CODE of an error response, 0 for a success. */
    public int errorCode() {
        return errorCode;
    }

    public StunResponse xorMappedAddress(InetSocketAddress address) {
        return add(AttributeFactory.createXorMappedAddressAttribute(transport(address), transactionId));
    }

    public StunResponse xorRelayedAddress(InetSocketAddress address) {
        return add(AttributeFactory.createXorRelayedAddressAttribute(transport(address), transactionId));
    }

    public StunResponse xorPeerAddress(InetSocketAddress address) {
        return add(AttributeFactory.createXorPeerAddressAttribute(transport(address), transactionId));
    }

    public StunResponse lifetime(int seconds) {
        return add(AttributeFactory.createLifetimeAttribute(seconds));
    }

    public StunResponse reservationToken(byte[] token) {
        return add(AttributeFactory.createReservationTokenAttribute(token));
    }

    public StunResponse realm(String realm) {
        return add(AttributeFactory.createRealmAttribute(realm.getBytes(StandardCharsets.UTF_8)));
    }

    public StunResponse nonce(String nonce) {
        return add(AttributeFactory.createNonceAttribute(nonce.getBytes(StandardCharsets.UTF_8)));
    }

    public StunResponse software(String software) {
        return add(AttributeFactory.createSoftwareAttribute(software.getBytes(StandardCharsets.UTF_8)));
    }

    public StunResponse username(String username) {
        return add(AttributeFactory.createUsernameAttribute(username));
    }

    public StunResponse requestedTransport(int protocol) {
        return add(AttributeFactory.createRequestedTransportAttribute((byte) protocol));
    }

    /** EVEN-PORT (RFC 8656 section 14.6): one byte with R in its top bit, padded. */
    public StunResponse evenPort(boolean reserveNext) {
        attributes.writeBytes(new byte[] {0, (byte) StunAttributes.EVEN_PORT, 0, 1, (byte) (reserveNext ? 0x80 : 0), 0, 0, 0});
        return this;
    }

    public StunResponse channelNumber(int channel) {
        return add(AttributeFactory.createChannelNumberAttribute((char) channel));
    }

    public StunResponse data(byte[] data) {
        return add(AttributeFactory.createDataAttribute(data));
    }

    public StunResponse dontFragment() {
        attributes.writeBytes(new byte[] {0, (byte) StunAttributes.DONT_FRAGMENT, 0, 0});
        return this;
    }

    public StunResponse unknownAttributes(List<Integer> types) {
        UnknownAttributesAttribute a = AttributeFactory.createUnknownAttributesAttribute();
        types.forEach(t -> a.addAttributeID((char) t.intValue()));
        return add(a);
    }

    /**
     * ice4j's attributes do not agree on padding (REALM of 11 bytes comes with five zero bytes): keep the
     * header and the value its length field names, and pad to four bytes here.
     */
    private StunResponse add(Attribute attribute) {
        byte[] encoded = attribute.encode();
        int length = StunDecoder.u16(encoded, 2);
        attributes.write(encoded, 0, 4 + length);
        attributes.writeBytes(new byte[(4 - length % 4) % 4]);
        return this;
    }

    /**
     * The message bytes: header, the attributes, then MESSAGE-INTEGRITY keyed with {@code integrityKey} when
     * it is not null, then FINGERPRINT when asked.
     */
    public byte[] encode(byte[] integrityKey, boolean fingerprint) {
        int body = attributes.size();
        int total = StunDecoder.HEADER + body + (integrityKey != null ? 24 : 0) + (fingerprint ? 8 : 0);
        byte[] out = new byte[total];
        out[0] = (byte) (type >> 8);
        out[1] = (byte) type;
        putInt(out, 4, StunDecoder.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, out, 8, 12);
        System.arraycopy(attributes.toByteArray(), 0, out, StunDecoder.HEADER, body);
        int at = StunDecoder.HEADER + body;
        if (integrityKey != null) {
            putLength(out, at + 24);
            byte[] hmac = MessageIntegrityAttribute.calculateHmacSha1(out, 0, at, integrityKey);
            out[at + 1] = (byte) StunAttributes.MESSAGE_INTEGRITY;
            out[at + 3] = 20;
            System.arraycopy(hmac, 0, out, at + 4, 20);
            at += 24;
        }
        if (fingerprint) {
            putLength(out, at + 8);
            byte[] crc = FingerprintAttribute.calculateXorCRC32(out, 0, at);
            out[at] = (byte) (StunAttributes.FINGERPRINT >> 8);
            out[at + 1] = (byte) StunAttributes.FINGERPRINT;
            out[at + 3] = 4;
            System.arraycopy(crc, 0, out, at + 4, 4);
            at += 8;
        }
        putLength(out, at);
        return out;
    }

    private static void putLength(byte[] out, int endOfMessage) {
        int length = endOfMessage - StunDecoder.HEADER;
        out[2] = (byte) (length >> 8);
        out[3] = (byte) length;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }

    private static TransportAddress transport(InetSocketAddress address) {
        return new TransportAddress(address.getAddress(), address.getPort(), Transport.UDP);
    }
}
