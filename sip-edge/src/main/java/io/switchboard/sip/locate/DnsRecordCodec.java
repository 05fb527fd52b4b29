package io.switchboard.sip.locate;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import java.nio.charset.StandardCharsets;

/**
 * Reads the RDATA of SRV (RFC 2782) and NAPTR (RFC 3403 section 4.1) records, which Netty's codec hands over raw.
 * Names may be compressed (RFC 1035 section 4.1.4): the raw content shares the whole message, as pointers need.
 */
final class DnsRecordCodec {
    private DnsRecordCodec() {
    }

    /** The SRV record in {@code record}, or null when it is not raw or too short. */
    static SrvRecord srv(DnsRecord record) {
        if (!(record instanceof DnsRawRecord raw) || raw.content().readableBytes() < 7) {
            return null;
        }
        ByteBuf in = raw.content().duplicate();
        int priority = in.readUnsignedShort();
        int weight = in.readUnsignedShort();
        int port = in.readUnsignedShort();
        return new SrvRecord(priority, weight, port, DefaultDnsRecordDecoder.decodeName(in));
    }

    /** The NAPTR record in {@code record}, or null when it is not raw or malformed. */
    static NaptrRecord naptr(DnsRecord record) {
        if (!(record instanceof DnsRawRecord raw) || raw.content().readableBytes() < 7) {
            return null;
        }
        ByteBuf in = raw.content().duplicate();
        try {
            int order = in.readUnsignedShort();
            int preference = in.readUnsignedShort();
            String flags = characterString(in);
            String service = characterString(in);
            characterString(in); // regexp: RFC 3263 section 4.1 uses only the replacement
            return new NaptrRecord(order, preference, flags, service, DefaultDnsRecordDecoder.decodeName(in));
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** RFC 1035 section 3.3: a length octet and that many octets. */
    private static String characterString(ByteBuf in) {
        int length = in.readUnsignedByte();
        String s = in.toString(in.readerIndex(), length, StandardCharsets.US_ASCII);
        in.skipBytes(length);
        return s;
    }
}
