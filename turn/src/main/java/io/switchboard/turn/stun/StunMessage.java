package io.switchboard.turn.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.ice4j.attribute.MessageIntegrityAttribute;

/**
 * A decoded STUN request or indication, as the handlers read it: the method and class, the transaction id,
 * and the attributes a TURN server acts on. A message whose framing was fine but one of whose attributes was
 * not ({@link #badAttribute()}) is still returned, so the handler can answer it with 400 (RFC 8489 section
 * 6.3.1). Immutable; built by {@link StunDecoder}.
 */
public final class StunMessage {

    private final StunMethod method;
    private final StunClass messageClass;
    private final byte[] transactionId;
    /** The message bytes up to its MESSAGE-INTEGRITY, kept only when it has one, to check it. */
    private final byte[] signedPart;
    private final byte[] integrity;
    private final boolean fingerprint;
    private final Fields fields;

    /** What the decoder found; mutable only while the decoder fills it. */
    static final class Fields {
        String username;
        String realm;
        String nonce;
        Integer lifetime;
        Integer requestedTransport;
        Integer requestedFamily;
        List<InetSocketAddress> peers = List.of();
        Integer channelNumber;
        Boolean evenPortReserve;
        byte[] reservationToken;
        boolean dontFragment;
        byte[] data;
        List<Integer> unknownRequired = List.of();
        String badAttribute;
        int errorCode;
        InetSocketAddress xorMapped;
        InetSocketAddress xorRelayed;
    }

    StunMessage(StunMethod method, StunClass messageClass, byte[] transactionId, byte[] signedPart, byte[] integrity,
                boolean fingerprint, Fields fields) {
        this.method = method;
        this.messageClass = messageClass;
        this.transactionId = transactionId;
        this.signedPart = signedPart;
        this.integrity = integrity;
        this.fingerprint = fingerprint;
        this.fields = fields;
    }

    public StunMethod method() {
        return method;
    }

    public StunClass messageClass() {
        return messageClass;
    }

    public boolean isRequest() {
        return messageClass == StunClass.REQUEST;
    }

    public boolean isIndication() {
        return messageClass == StunClass.INDICATION;
    }

    /** The 96-bit transaction id (a copy). */
    public byte[] transactionId() {
        return transactionId.clone();
    }

    /** The transaction id for comparing retransmissions, without copying. */
    public boolean sameTransaction(byte[] other) {
        return Arrays.equals(transactionId, other);
    }

    byte[] rawTransactionId() {
        return transactionId;
    }

    public boolean hasIntegrity() {
        return integrity != null;
    }

    /** True when the request carried a FINGERPRINT (it was checked by the decoder). */
    public boolean hasFingerprint() {
        return fingerprint;
    }

    /**
     * RFC 8489 section 9.2.4: checks the MESSAGE-INTEGRITY (HMAC-SHA1 over the message up to the attribute,
     * with the length field covering it) against {@code key}, in constant time. False without one.
     */
    public boolean integrityMatches(byte[] key) {
        if (integrity == null) {
            return false;
        }
        byte[] computed = MessageIntegrityAttribute.calculateHmacSha1(signedPart, 0, signedPart.length, key);
        return MessageDigest.isEqual(computed, integrity);
    }

    public String username() {
        return fields.username;
    }

    public String realm() {
        return fields.realm;
    }

    public String nonce() {
        return fields.nonce;
    }

    /** LIFETIME in seconds, or null when absent. */
    public Integer lifetime() {
        return fields.lifetime;
    }

    /** The protocol number of REQUESTED-TRANSPORT (17 for UDP), or null when absent. */
    public Integer requestedTransport() {
        return fields.requestedTransport;
    }

    /** REQUESTED-ADDRESS-FAMILY (1 IPv4, 2 IPv6), or null when absent. */
    public Integer requestedFamily() {
        return fields.requestedFamily;
    }

    /** Every XOR-PEER-ADDRESS, in order (CreatePermission may carry several). */
    public List<InetSocketAddress> peers() {
        return fields.peers;
    }

    public Integer channelNumber() {
        return fields.channelNumber;
    }

    /** EVEN-PORT's R bit (reserve the next port), or null when EVEN-PORT is absent. */
    public Boolean evenPortReserve() {
        return fields.evenPortReserve;
    }

    public byte[] reservationToken() {
        return fields.reservationToken == null ? null : fields.reservationToken.clone();
    }

    public boolean dontFragment() {
        return fields.dontFragment;
    }

    public byte[] data() {
        return fields.data;
    }

    /** Comprehension-required attribute types this server does not understand (RFC 8489 section 6.3.1: 420). */
    public List<Integer> unknownRequired() {
        return fields.unknownRequired;
    }

    /** The ERROR-CODE of an error response, 0 otherwise (read by clients: tests and the benchmark). */
    public int errorCode() {
        return fields.errorCode;
    }

    /** XOR-MAPPED-ADDRESS of a response, or null. */
    public InetSocketAddress xorMappedAddress() {
        return fields.xorMapped;
    }

    /** XOR-RELAYED-ADDRESS of an Allocate response, or null. */
    public InetSocketAddress xorRelayedAddress() {
        return fields.xorRelayed;
    }

    /** Why an attribute was malformed, or null when every attribute was well formed. */
    public String badAttribute() {
        return fields.badAttribute;
    }

    /** The USERNAME as UTF-8 bytes, for key derivation. */
    public byte[] usernameBytes() {
        return fields.username == null ? null : fields.username.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + messageClass + (fields.username == null ? "" : " user=" + fields.username);
    }
}
