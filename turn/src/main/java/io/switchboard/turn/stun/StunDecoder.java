package io.switchboard.turn.stun;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.StunException;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeDecoder;
import org.ice4j.attribute.DataAttribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.LifetimeAttribute;
import org.ice4j.attribute.NonceAttribute;
import org.ice4j.attribute.RealmAttribute;
import org.ice4j.attribute.RequestedTransportAttribute;
import org.ice4j.attribute.ReservationTokenAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.attribute.XorPeerAddressAttribute;
import org.ice4j.attribute.XorRelayedAddressAttribute;

/**
 * Decodes one STUN message (RFC 8489 section 5) with ice4j's attribute classes. The framing is checked here:
 * the top two bits zero, the magic cookie, a length that is a multiple of four and matches the bytes, every
 * attribute inside the message; a FINGERPRINT, when present, must be last and must match. Failing any of
 * those, the message is dropped ({@link StunFormatException}), as section 6.3 asks. Section 14.5 lets an
 * agent ignore attributes after MESSAGE-INTEGRITY other than FINGERPRINT (and MESSAGE-INTEGRITY-SHA256, which
 * is skipped); this decoder drops such a message instead: no client sends one, and so a damaged FINGERPRINT
 * header is caught rather than read as an unknown attribute.
 */
public final class StunDecoder {

    static final int HEADER = 20;
    static final int MAGIC_COOKIE = 0x2112A442;

    private StunDecoder() {
    }

    /** True when the first byte says STUN (RFC 7983: 0-3) rather than ChannelData (64-79). */
    public static boolean looksLikeStun(ByteBuf buf) {
        return buf.readableBytes() >= HEADER && (buf.getByte(buf.readerIndex()) & 0xC0) == 0
                && buf.getInt(buf.readerIndex() + 4) == MAGIC_COOKIE;
    }

    /** Decodes the readable bytes of {@code buf} (not consumed) as one message. */
    public static StunMessage decode(ByteBuf buf) throws StunFormatException {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return decode(bytes);
    }

    public static StunMessage decode(byte[] bytes) throws StunFormatException {
        if (bytes.length < HEADER) {
            throw new StunFormatException("shorter than a STUN header: " + bytes.length + " bytes");
        }
        int type = u16(bytes, 0);
        int length = u16(bytes, 2);
        if ((type & 0xC000) != 0) {
            throw new StunFormatException("not STUN: the top two bits are set");
        }
        if (i32(bytes, 4) != MAGIC_COOKIE) {
            throw new StunFormatException("no magic cookie (an RFC 3489 client?)");
        }
        if ((length & 3) != 0 || HEADER + length != bytes.length) {
            throw new StunFormatException("length " + length + " does not match " + bytes.length + " bytes");
        }
        byte[] transactionId = new byte[12];
        System.arraycopy(bytes, 8, transactionId, 0, 12);
        StunMessage.Fields f = new StunMessage.Fields();
        List<InetSocketAddress> peers = new ArrayList<>(1);
        List<Integer> unknown = new ArrayList<>(0);
        byte[] signedPart = null;
        byte[] integrity = null;
        boolean fingerprint = false;
        int offset = HEADER;
        while (offset < bytes.length) {
            if (offset + 4 > bytes.length) {
                throw new StunFormatException("truncated attribute header at " + offset);
            }
            int attrType = u16(bytes, offset);
            int attrLength = u16(bytes, offset + 2);
            int next = offset + 4 + ((attrLength + 3) & ~3);
            if (offset + 4 + attrLength > bytes.length || next > bytes.length) {
                throw new StunFormatException("attribute 0x" + Integer.toHexString(attrType) + " overruns the message");
            }
            if (attrType == StunAttributes.FINGERPRINT) {
                checkFingerprint(bytes, offset, attrLength, next);
                fingerprint = true;
                break;
            }
            if (integrity != null && attrType != StunAttributes.MESSAGE_INTEGRITY_SHA256) {
                throw new StunFormatException("attribute 0x" + Integer.toHexString(attrType)
                        + " after MESSAGE-INTEGRITY");
            }
            if (integrity == null) {
                if (attrType == StunAttributes.MESSAGE_INTEGRITY) {
                    if (attrLength != 20) {
                        f.badAttribute = "MESSAGE-INTEGRITY of " + attrLength + " bytes";
                    } else {
                        integrity = new byte[20];
                        System.arraycopy(bytes, offset + 4, integrity, 0, 20);
                        signedPart = new byte[offset];
                        System.arraycopy(bytes, 0, signedPart, 0, offset);
                        int coveredLength = offset + 24 - HEADER;
                        signedPart[2] = (byte) (coveredLength >> 8);
                        signedPart[3] = (byte) coveredLength;
                    }
                } else {
                    read(bytes, offset, attrType, attrLength, transactionId, f, peers, unknown);
                }
            }
            offset = next;
        }
        f.peers = List.copyOf(peers);
        f.unknownRequired = List.copyOf(unknown);
        return new StunMessage(StunMethod.of(StunClass.methodOfType(type)), StunClass.ofType(type), transactionId,
                signedPart, integrity, fingerprint, f);
    }

    /** RFC 8489 section 14.7: CRC-32 of the message up to the attribute, XOR 0x5354554e; it must be last. */
    private static void checkFingerprint(byte[] bytes, int offset, int attrLength, int next)
            throws StunFormatException {
        if (attrLength != 4 || next != bytes.length) {
            throw new StunFormatException("FINGERPRINT is not a last 4-byte attribute");
        }
        byte[] expected = FingerprintAttribute.calculateXorCRC32(bytes, 0, offset);
        for (int i = 0; i < 4; i++) {
            if (expected[i] != bytes[offset + 4 + i]) {
                throw new StunFormatException("FINGERPRINT does not match");
            }
        }
    }

    private static void read(byte[] bytes, int offset, int type, int length, byte[] transactionId,
                             StunMessage.Fields f, List<InetSocketAddress> peers, List<Integer> unknown) {
        if (type < 0x8000 && !StunAttributes.understood(type)) {
            unknown.add(type);
            return;
        }
        if (type == StunAttributes.EVEN_PORT) {
            // RFC 8656 section 14.6: one byte, R in its top bit; read here, ice4j expects another length
            f.evenPortReserve = length >= 1 && (bytes[offset + 4] & 0x80) != 0;
            return;
        }
        if (type == StunAttributes.CHANNEL_NUMBER) {
            // RFC 8656 section 14.1: the number in two bytes, two reserved; read here for ice4j's length rule
            f.channelNumber = length >= 2 ? u16(bytes, offset + 4) : null;
            return;
        }
        if (type == StunAttributes.REQUESTED_ADDRESS_FAMILY) {
            // RFC 8656 section 14.1: the family byte and three reserved ones; ice4j wants another length
            f.requestedFamily = length >= 1 ? bytes[offset + 4] & 0xFF : null;
            return;
        }
        Attribute a;
        try {
            a = AttributeDecoder.decode(bytes, offset, bytes.length - offset);
        } catch (StunException | RuntimeException e) {
            if (f.badAttribute == null) {
                f.badAttribute = "attribute 0x" + Integer.toHexString(type) + ": " + e.getMessage();
            }
            return;
        }
        switch (type) {
            case StunAttributes.USERNAME -> f.username = utf8(((UsernameAttribute) a).getUsername());
            case StunAttributes.REALM -> f.realm = utf8(((RealmAttribute) a).getRealm());
            case StunAttributes.NONCE -> f.nonce = utf8(((NonceAttribute) a).getNonce());
            case StunAttributes.LIFETIME -> f.lifetime = ((LifetimeAttribute) a).getLifetime();
            case StunAttributes.REQUESTED_TRANSPORT ->
                    f.requestedTransport = ((RequestedTransportAttribute) a).getRequestedTransport();
            case StunAttributes.XOR_PEER_ADDRESS -> {
                XorPeerAddressAttribute peer = (XorPeerAddressAttribute) a;
                TransportAddress address = peer.getAddress(transactionId);
                InetAddress ip = address.getAddress();
                if (peer.getFamily() == 2 && ip instanceof Inet4Address) {
                    ip = mapped(ip); // keep ::ffff:a.b.c.d visible as IPv6, so the filter can refuse it
                }
                peers.add(new InetSocketAddress(ip, address.getPort()));
            }
            case StunAttributes.RESERVATION_TOKEN ->
                    f.reservationToken = ((ReservationTokenAttribute) a).getReservationToken();
            case StunAttributes.DONT_FRAGMENT -> f.dontFragment = true;
            case StunAttributes.DATA -> f.data = ((DataAttribute) a).getData();
            case StunAttributes.ERROR_CODE -> f.errorCode = ((ErrorCodeAttribute) a).getErrorCode();
            case StunAttributes.XOR_MAPPED_ADDRESS -> f.xorMapped = socket(((XorMappedAddressAttribute) a)
                    .getAddress(transactionId));
            case StunAttributes.XOR_RELAYED_ADDRESS -> f.xorRelayed = socket(((XorRelayedAddressAttribute) a)
                    .getAddress(transactionId));
            default -> {
                // understood and not needed by a server (PRIORITY, SOFTWARE, ICE-CONTROLLED, ...)
            }
        }
    }

    private static InetSocketAddress socket(TransportAddress t) {
        return new InetSocketAddress(t.getAddress(), t.getPort());
    }

    private static InetAddress mapped(InetAddress v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xFF;
        b[11] = (byte) 0xFF;
        System.arraycopy(v4.getAddress(), 0, b, 12, 4);
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static int i32(byte[] b, int at) {
        return (u16(b, at) << 16) | u16(b, at + 2);
    }
}
