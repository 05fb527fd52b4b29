package io.switchboard.sip.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipFramingTest {
    private static int cl(String headers) {
        byte[] b = headers.getBytes(StandardCharsets.US_ASCII);
        return SipFraming.contentLength(b, 0, b.length);
    }

    @Test
    void findsLongAndCompactContentLength() {
        assertEquals(12, cl("INVITE x SIP/2.0\r\nContent-Length: 12\r\n\r\n"));
        assertEquals(7, cl("INVITE x SIP/2.0\r\nl:7\r\n\r\n"));
        assertEquals(3, cl("INVITE x SIP/2.0\r\ncontent-LENGTH  :  3 \r\n\r\n"));
        assertEquals(-1, cl("INVITE x SIP/2.0\r\nCall-ID: l\r\n\r\n"));
        assertEquals(-2, cl("INVITE x SIP/2.0\r\nContent-Length: 1x\r\n\r\n"));
        assertEquals(-2, cl("INVITE x SIP/2.0\r\nContent-Length: 99999999999\r\n\r\n"));
    }

    @Test
    void headerEndFindsBlankLine() {
        byte[] b = "A\r\nB: c\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII);
        assertEquals(11, SipFraming.headerEnd(b, 0, b.length));
        byte[] lf = "A\nB: c\n\nbody".getBytes(StandardCharsets.US_ASCII);
        assertEquals(8, SipFraming.headerEnd(lf, 0, lf.length));
        assertEquals(-1, SipFraming.headerEnd(b, 0, 8));
    }
}
