package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.sip.codec.Rfc4475Corpus;
import io.switchboard.testkit.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and unusual-but-valid messages over UDP, TCP and TLS (the RFC 4475 corpus): each valid one gets its proper response, each
 * invalid one a 4xx or a counted drop, and the edge still answers afterwards.
 */
class TortureIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private EdgeFixture fixture;

    @BeforeEach
    void start() {
        // the corpus is sent from other loopback addresses, so every one of them is trunk space
        fixture = new EdgeFixture(io.switchboard.sip.api.SipEdgeSettings.UnknownSourcePolicy.REJECT_403,
                java.time.Duration.ofMillis(500), List.of(io.switchboard.sip.api.TrunkDefinition.inbound("sipp",
                        "127.0.0.0/8")));
        fixture.behaviour.set(leg -> leg.reject(486));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static int n;

    private static String req(String method, String uri, String extraHeaders, String body) {
        n++;
        String b = body == null ? "" : body;
        return method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKtorture" + n + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:torture@127.0.0.1>;tag=t" + n + "\r\n"
                + "To: <sip:edge@127.0.0.1>\r\n"
                + "Call-ID: torture-" + n + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + extraHeaders
                + "Content-Length: " + b.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + b;
    }

    /** A case: bytes to send and the status expected, 0 for "no response at all". */
    private record Case(String name, byte[] bytes, int... expected) {
        static Case of(String name, String text, int... expected) {
            return new Case(name, text.getBytes(StandardCharsets.ISO_8859_1), expected);
        }
    }

    private List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(Case.of("valid OPTIONS", req("OPTIONS", "sip:edge@127.0.0.1", "", null), 200));
        c.add(Case.of("compact forms", "OPTIONS sip:edge@127.0.0.1 SIP/2.0\r\nv: SIP/2.0/UDP 127.0.0.1:5999;"
                + "branch=z9hG4bKcompact;rport\r\nf: <sip:t@127.0.0.1>;tag=c1\r\nt: <sip:edge@127.0.0.1>\r\n"
                + "i: compact-1\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n", 200));
        c.add(Case.of("folded header", req("OPTIONS", "sip:edge@127.0.0.1", "Subject: a\r\n  folded\r\n\tline\r\n",
                null), 200));
        c.add(Case.of("escaped user", req("OPTIONS", "sip:%2B1555%20x@127.0.0.1", "", null), 200));
        c.add(Case.of("lowercase and odd spacing", req("OPTIONS", "sip:edge@127.0.0.1", "sUbJeCt   :   x\r\n",
                null), 200));
        c.add(Case.of("unknown method", req("FOOBAR", "sip:edge@127.0.0.1", "", null), 501));
        c.add(Case.of("known method we do not serve", req("SUBSCRIBE", "sip:edge@127.0.0.1", "", null), 405));
        c.add(Case.of("unknown scheme", req("OPTIONS", "urn:service:sos", "", null), 416));
        c.add(Case.of("Content-Length too large", req("OPTIONS", "sip:edge@127.0.0.1", "", null)
                .replace("Content-Length: 0", "Content-Length: 50"), 400));
        // RFC 4475 section 3.3.1: a usable Via is enough to answer 400
        c.add(Case.of("missing Call-ID", req("OPTIONS", "sip:edge@127.0.0.1", "", null)
                .replaceFirst("Call-ID: [^\r]+\r\n", ""), 400));
        c.add(Case.of("missing CSeq", req("OPTIONS", "sip:edge@127.0.0.1", "", null)
                .replaceFirst("CSeq: [^\r]+\r\n", ""), 400));
        c.add(Case.of("bad CSeq number", req("OPTIONS", "sip:edge@127.0.0.1", "", null)
                .replaceFirst("CSeq: 1", "CSeq: one"), 400));
        c.add(Case.of("missing Via", req("OPTIONS", "sip:edge@127.0.0.1", "", null)
                .replaceFirst("Via: [^\r]+\r\n", ""), 0));
        c.add(Case.of("SIP/7.0", req("OPTIONS", "sip:edge@127.0.0.1", "", null).replaceFirst(" SIP/2.0\r\n",
                " SIP/7.0\r\n"), 505));
        c.add(Case.of("OPTIONS requiring an extension", req("OPTIONS", "sip:edge@127.0.0.1", "Require: foo\r\n",
                null), 420));
        c.add(Case.of("two Content-Lengths", req("OPTIONS", "sip:edge@127.0.0.1", "Content-Length: 13\r\n",
                "hello"), 400));
        c.add(Case.of("two Call-IDs", req("OPTIONS", "sip:edge@127.0.0.1", "Call-ID: other\r\n", null), 400));
        c.add(Case.of("two CSeqs", req("OPTIONS", "sip:edge@127.0.0.1", "CSeq: 2 OPTIONS\r\n", null), 400));
        c.add(Case.of("two Max-Forwards", req("OPTIONS", "sip:edge@127.0.0.1", "Max-Forwards: 69\r\n", null), 400));
        c.add(Case.of("extra spaces in the request line", req("OPTIONS", "sip:edge@127.0.0.1", "", null)
                .replaceFirst("OPTIONS ", "OPTIONS  "), 400));
        c.add(Case.of("unquoted display name with a comma", req("OPTIONS", "sip:edge@127.0.0.1", "", null)
                .replace("From: <sip:", "From: Bell, Alexander <sip:"), 400));
        c.add(Case.of("bad Contact", req("OPTIONS", "sip:edge@127.0.0.1", "Contact: <<<sip:>>\r\n", null), 400));
        c.add(Case.of("CSeq method mismatch", req("OPTIONS", "sip:edge@127.0.0.1", "", null)
                .replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE"), 400));
        c.add(Case.of("too many headers", req("OPTIONS", "sip:edge@127.0.0.1", "X-Pad: v\r\n".repeat(150), null),
                400));
        c.add(Case.of("huge header value", req("OPTIONS", "sip:edge@127.0.0.1", "X-Big: " + "a".repeat(10_000)
                + "\r\n", null), 200));
        byte[] nonUtf8 = req("OPTIONS", "sip:edge@127.0.0.1", "Subject: xx\r\n", null)
                .getBytes(StandardCharsets.ISO_8859_1);
        String s = new String(nonUtf8, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("Subject: ") + 9;
        nonUtf8[at] = (byte) 0xC3;
        nonUtf8[at + 1] = (byte) 0x28; // an invalid UTF-8 sequence
        c.add(new Case("non-UTF-8 bytes", nonUtf8, 200, 400));
        c.add(Case.of("garbage", "\u0001\u0002GARBAGE\u00ff\r\n\r\n", 0));
        c.add(Case.of("status line nonsense", "SIP/2.0 abc OK\r\nCall-ID: x\r\n\r\n", 0));
        c.add(Case.of("stray ACK", req("ACK", "sip:edge@127.0.0.1", "", null), 0));
        c.add(Case.of("BYE outside a dialog", req("BYE", "sip:edge@127.0.0.1", "", null)
                .replace("To: <sip:edge@127.0.0.1>", "To: <sip:edge@127.0.0.1>;tag=nosuch"), 481));
        c.add(Case.of("CANCEL for nothing", req("CANCEL", "sip:edge@127.0.0.1", "", null), 481));
        c.add(Case.of("INVITE with text body", req("INVITE", "sip:+15550100@127.0.0.1",
                "Contact: <sip:t@127.0.0.1:5999>\r\nContent-Type: text/plain\r\n", "hello"), 100, 415));
        c.add(Case.of("INVITE requiring an extension", req("INVITE", "sip:+15550100@127.0.0.1",
                "Contact: <sip:t@127.0.0.1:5999>\r\nRequire: foo\r\n", null), 100, 420));
        c.add(Case.of("Max-Forwards 0 OPTIONS", req("OPTIONS", "sip:edge@127.0.0.1", "", null)
                .replace("Max-Forwards: 70", "Max-Forwards: 0"), 200));
        c.add(Case.of("bare LF line ends", req("OPTIONS", "sip:edge@127.0.0.1", "", null).replace("\r\n", "\n"),
                200));
        c.add(Case.of("CRLF keepalive", "\r\n\r\n", 0));
        return c;
    }

    @Test
    void overUdpEveryCaseGetsItsAnswerAndTheEdgeStaysHealthy() throws Exception {
        long dropsBefore = fixture.metric("parse_dropped_total");
        long rejectsBefore = fixture.metric("parse_rejected_400_total");
        int expectedDrops = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            InetSocketAddress edge = new InetSocketAddress(LOOPBACK, fixture.port);
            for (Case c : cases()) {
                socket.send(new DatagramPacket(c.bytes(), c.bytes().length, edge));
                List<Integer> got = receiveCodes(socket, c.expected().length == 1 && c.expected()[0] == 0 ? 300 : 1500,
                        c.expected());
                if (c.expected()[0] == 0) {
                    assertTrue(got.isEmpty(), c.name() + ": expected no answer, got " + got);
                    if (!c.name().equals("stray ACK") && !c.name().equals("CRLF keepalive")) {
                        expectedDrops++;
                    }
                } else {
                    assertTrue(!got.isEmpty() && contains(c.expected(), got.get(got.size() - 1)),
                            c.name() + ": expected " + java.util.Arrays.toString(c.expected()) + ", got " + got);
                }
            }
            assertEquals(200, options(socket, edge), "still healthy");
        }
        assertTrue(fixture.metric("parse_dropped_total") - dropsBefore >= expectedDrops, fixture.metrics().toString());
        // every message the parser refused is a security event (the sources are trunk space: none is rate-limited)
        long refused = fixture.metric("parse_dropped_total") - dropsBefore
                + fixture.metric("parse_rejected_400_total") - rejectsBefore;
        assertTrue(refused > 10, fixture.metrics().toString());
        assertEquals(refused, fixture.metric("security_events_total{type=\"malformed\"}"), fixture.metrics().toString());
    }

    @Test
    void overTcpValidMessagesAreAnsweredAndUnframeableStreamsClosed() throws Exception {
        for (Case c : cases()) {
            if (c.name().equals("Content-Length too large") || c.name().equals("CRLF keepalive")) {
                continue; // on a stream a short body just waits for more bytes
            }
            try (Socket socket = new Socket(LOOPBACK, fixture.port)) {
                socket.setSoTimeout(c.expected()[0] == 0 ? 300 : 1500);
                socket.getOutputStream().write(c.bytes());
                List<Integer> got = readCodes(socket.getInputStream(), c.expected());
                if (c.expected()[0] == 0) {
                    assertTrue(got.isEmpty(), c.name() + " over TCP: expected no answer, got " + got);
                } else {
                    assertTrue(!got.isEmpty() && contains(c.expected(), got.get(got.size() - 1)),
                            c.name() + " over TCP: expected " + java.util.Arrays.toString(c.expected()) + ", got " + got);
                }
            }
        }
        try (Socket socket = new Socket(LOOPBACK, fixture.port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(req("OPTIONS", "sip:edge@127.0.0.1", "", null)
                    .replace("Content-Length: 0", "Content-Length: zz").getBytes(StandardCharsets.US_ASCII));
            // RFC 4475 section 3.1.2.3: answered 400 on its Via, then the stream, which cannot be framed, is closed
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("SIP/2.0 400 Bad Content-Length header\r\n"), answer);
            assertEquals(-1, socket.getInputStream().read(), "unreadable Content-Length closes the stream");
        }
        try (Socket socket = new Socket(LOOPBACK, fixture.port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("OPTIONS sip:edge SIP/2.0\r\n" + "X-Endless: y\r\n".repeat(2000))
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, socket.getInputStream().read(), "a header block over the limit closes the stream");
        }
        try (Socket socket = new Socket(LOOPBACK, fixture.port)) {
            socket.setSoTimeout(2000);
            byte[] msg = req("OPTIONS", "sip:edge@127.0.0.1", "", null).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < msg.length; i += 7) { // trickled in small pieces
                socket.getOutputStream().write(msg, i, Math.min(7, msg.length - i));
                socket.getOutputStream().flush();
            }
            assertEquals(List.of(200), readCodes(socket.getInputStream(), new int[] {200}));
        }
    }

    /**
     * RFC 4475's messages over UDP, exactly as the RFC archive has them. Most name no rport, so the response goes
     * to the Via's port (5060 by default) at our source address (RFC 3261 section 18.2.2): each is sent from
     * a socket bound to that port on an otherwise unused loopback address.
     */
    @Test
    void rfc4475CorpusOverUdpGetsTheRfcVerdicts() throws Exception {
        List<String> wrong = new ArrayList<>();
        int right = 0;
        java.util.Set<String> transactions = new java.util.HashSet<>();
        for (Rfc4475Corpus.Case c : Rfc4475Corpus.cases()) {
            if (!transactions.add(transactionKey(c.bytes()))) {
                // several RFC messages share a branch and sent-by, which makes the later ones retransmissions
                // of a UDP transaction still in Timer J (RFC 3261 section 17.2.3): a fresh edge for those
                fixture.close();
                start();
                transactions.clear();
                transactions.add(transactionKey(c.bytes()));
            }
            InetSocketAddress edge = new InetSocketAddress(LOOPBACK, fixture.port);
            try (DatagramSocket socket = bindForResponses(c.bytes())) {
                socket.send(new DatagramPacket(c.bytes(), c.bytes().length, edge));
                boolean none = c.udp().equals("none");
                List<Integer> got = receiveCodes(socket, none ? 400 : 2000, new int[0]);
                String verdict = got.isEmpty() ? "none" : Integer.toString(got.get(got.size() - 1));
                if (verdict.equals(c.udp()) && (!none || got.isEmpty())) {
                    right++;
                } else {
                    wrong.add(c + ": expected " + c.udp() + ", got " + got);
                }
            }
        }
        System.out.println("RFC 4475 over UDP: " + right + " of " + Rfc4475Corpus.cases().size() + " as expected");
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            assertEquals(200, options(socket, new InetSocketAddress(LOOPBACK, fixture.port)), "still healthy");
        }
    }

    /** The top Via (branch and sent-by) and the CSeq method, unfolded: what matches a server transaction. */
    private static String transactionKey(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1).replaceAll("\\r?\\n[ \\t]+", " ");
        java.util.regex.Matcher via = java.util.regex.Pattern.compile("(?im)^(?:via|v)\\s*:([^\\r\\n,]*)").matcher(text);
        java.util.regex.Matcher cseq = java.util.regex.Pattern.compile("(?im)^cseq\\s*:\\s*\\S+\\s+(\\S+)").matcher(text);
        return (via.find() ? via.group(1).replaceAll("\\s", "") : "") + " " + (cseq.find() ? cseq.group(1) : "");
    }

    /** RFC 4475's messages over TCP, one connection each: the answer, or waiting, or the answer and a close. */
    @Test
    void rfc4475CorpusOverTcpGetsTheRfcVerdicts() throws Exception {
        List<String> wrong = new ArrayList<>();
        int right = 0;
        for (Rfc4475Corpus.Case c : Rfc4475Corpus.cases()) {
            String verdict = overStream(new Socket(LOOPBACK, fixture.port), c.bytes(), c.tcp());
            if (verdict.equals(c.tcp())) {
                right++;
            } else {
                wrong.add(c + ": expected " + c.tcp() + ", got " + verdict);
            }
        }
        System.out.println("RFC 4475 over TCP: " + right + " of " + Rfc4475Corpus.cases().size() + " as expected");
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /**
     * RFC 4475's messages over TLS, one connection each, from the trunk's address: a TLS stream frames as a
     * TCP one, so each verdict is the TCP column's, and the edge still answers afterwards.
     */
    @Test
    void rfc4475CorpusOverTlsGetsTheRfcVerdicts(@TempDir Path certificates) throws Exception {
        LoopbackTls tls = LoopbackTls.create(certificates);
        int tlsPort = FreePorts.tcp();
        fixture.close();
        fixture = new EdgeFixture(settings -> settings
                .withUnknownSource(SipEdgeSettings.UnknownSourcePolicy.REJECT_403)
                .withTimers(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5))
                .withTls(tlsPort, tls.certificate(), tls.key()),
                List.of(TrunkDefinition.inbound("sipp", "127.0.0.0/8")));
        fixture.behaviour.set(leg -> leg.reject(486));
        List<String> wrong = new ArrayList<>();
        int right = 0;
        for (Rfc4475Corpus.Case c : Rfc4475Corpus.cases()) {
            String verdict = overStream(tls.connect(tlsPort), c.bytes(), c.tcp());
            if (verdict.equals(c.tcp())) {
                right++;
            } else {
                wrong.add(c + ": expected " + c.tcp() + ", got " + verdict);
            }
        }
        System.out.println("RFC 4475 over TLS: " + right + " of " + Rfc4475Corpus.cases().size() + " as expected");
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        try (Socket socket = tls.connect(tlsPort)) {
            assertEquals("200", overStream(socket, req("OPTIONS", "sip:edge@127.0.0.1", "", null)
                    .replace("SIP/2.0/UDP", "SIP/2.0/TLS").getBytes(StandardCharsets.US_ASCII), "200"), "still healthy");
        }
    }

    /** The same size limits on every transport, checked before parsing (RFC 3261 section 21.5.7 for 513). */
    @Test
    void sizeLimitsAreTheSameOverUdpAndTcp() throws Exception {
        StringBuilder offer = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
        for (int i = 0; i < 1000; i++) {
            offer.append("m=audio ").append(20000 + 2 * i).append(" RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
        }
        String bigOffer = req("INVITE", "sip:+15550100@127.0.0.1", "Contact: <sip:t@127.0.0.1:5999>\r\n"
                + "Content-Type: application/sdp\r\n", offer.toString());
        String bigHeaders = req("OPTIONS", "sip:edge@127.0.0.1", "X-Pad: " + "p".repeat(60_000) + "\r\n", null);
        String bigDatagram = req("OPTIONS", "sip:edge@127.0.0.1", "Content-Type: text/plain\r\n", "b".repeat(64_000));
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            InetSocketAddress edge = new InetSocketAddress(LOOPBACK, fixture.port);
            assertEquals(List.of(513), sendUdp(socket, edge, bigOffer, 2000), "1,000 m-lines over UDP");
            assertEquals(List.of(), sendUdp(socket, edge, bigHeaders, 400), "60 KB of headers over UDP");
            assertEquals(List.of(513), sendUdp(socket, edge, bigDatagram, 2000), "a 65,000-byte datagram");
        }
        assertEquals("513+close", overStream(new Socket(LOOPBACK, fixture.port),
                bigOffer.getBytes(StandardCharsets.ISO_8859_1), "513+close"), "1,000 m-lines over TCP");
        assertEquals("close", overStream(new Socket(LOOPBACK, fixture.port),
                bigHeaders.getBytes(StandardCharsets.ISO_8859_1), "close"), "60 KB of headers over TCP");
        String twoLengths = req("OPTIONS", "sip:edge@127.0.0.1", "Content-Length: 13\r\n", "hello");
        assertEquals("400+close", overStream(new Socket(LOOPBACK, fixture.port),
                twoLengths.getBytes(StandardCharsets.ISO_8859_1), "400+close"), "two Content-Lengths over TCP");
    }

    private static List<Integer> sendUdp(DatagramSocket socket, InetSocketAddress edge, String text, int waitMillis)
            throws Exception {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(b, b.length, edge));
        return receiveCodes(socket, waitMillis, new int[0]);
    }

    /**
     * Sends {@code bytes} on a fresh connection and says what came back: the final status, "none", "wait"
     * (nothing, the connection still open), "close" (closed without an answer) or "<status>+close".
     */
    private static String overStream(Socket socket, byte[] bytes, String expected) throws Exception {
        try (socket) {
            boolean quiet = expected.equals("none") || expected.equals("wait") || expected.equals("close");
            socket.setSoTimeout(quiet ? 500 : 2000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            boolean closed = false;
            while (true) {
                int r;
                try {
                    r = in.read(buf);
                } catch (SocketTimeoutException e) {
                    break;
                } catch (java.net.SocketException | javax.net.ssl.SSLException e) {
                    closed = true; // reset: the edge closed with our bytes unread (under TLS too)
                    break;
                }
                if (r < 0) {
                    closed = true;
                    break;
                }
                all.write(buf, 0, r);
                if (!expected.endsWith("+close") && firstFinal(all) > 0) {
                    break;
                }
            }
            int code = firstFinal(all);
            if (code > 0) {
                return closed && expected.endsWith("+close") ? code + "+close" : Integer.toString(code);
            }
            return closed ? "close" : all.size() > 0 ? "partial" : expected.equals("wait") ? "wait" : "none";
        }
    }

    private static int firstFinal(ByteArrayOutputStream all) {
        for (String part : all.toString(StandardCharsets.ISO_8859_1).split("(?=SIP/2\\.0 \\d{3} )")) {
            if (part.startsWith("SIP/2.0 ") && statusOf(part) >= 200) {
                return statusOf(part);
            }
        }
        return 0;
    }

    /** A socket at the port the message's top Via names (5060 by default; any port with rport). */
    private static DatagramSocket bindForResponses(byte[] message) throws Exception {
        String text = new String(message, StandardCharsets.ISO_8859_1).replaceAll("\r?\n[ \t]+", " ");
        java.util.regex.Matcher via = java.util.regex.Pattern.compile(
                "(?im)^(?:via|v)\\s*:\\s*SIP\\s*/\\s*\\d\\.\\d\\s*/\\s*\\w+\\s+([^;:,\\s]+)(?::(\\d+))?([^\\r\\n,]*)")
                .matcher(text);
        int port = 0;
        if (via.find() && !via.group(3).toLowerCase(java.util.Locale.ROOT).contains("rport")) {
            port = via.group(2) == null ? 5060 : Integer.parseInt(via.group(2));
        }
        java.util.Random random = new java.util.Random();
        java.net.SocketException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            InetAddress source = InetAddress.getByAddress(new byte[] {127, (byte) (1 + random.nextInt(250)),
                    (byte) random.nextInt(256), (byte) (2 + random.nextInt(250))});
            try {
                return new DatagramSocket(new InetSocketAddress(source, port));
            } catch (java.net.SocketException e) {
                last = e;
            }
        }
        throw last;
    }

    private static boolean contains(int[] expected, int code) {
        for (int e : expected) {
            if (e == code) {
                return true;
            }
        }
        return false;
    }

    private static int options(DatagramSocket socket, InetSocketAddress edge) throws Exception {
        byte[] b = req("OPTIONS", "sip:edge@127.0.0.1", "", null).getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(b, b.length, edge));
        List<Integer> got = receiveCodes(socket, 2000, new int[] {200});
        return got.isEmpty() ? 0 : got.get(got.size() - 1);
    }

    /** Status codes received until a final one in {@code expected} (or any final) arrives or time runs out. */
    private static List<Integer> receiveCodes(DatagramSocket socket, int timeoutMillis, int[] expected)
            throws Exception {
        List<Integer> codes = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buf = new byte[65536];
        while (System.currentTimeMillis() < deadline) {
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            int code = statusOf(new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1));
            codes.add(code);
            if (code >= 200) {
                break;
            }
        }
        return codes;
    }

    private static List<Integer> readCodes(InputStream in, int[] expected) throws Exception {
        List<Integer> codes = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        for (int i = 0; i < 20; i++) {
            int r;
            try {
                r = in.read(buf);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (r < 0) {
                break;
            }
            all.write(buf, 0, r);
            codes.clear();
            for (String part : all.toString(StandardCharsets.ISO_8859_1).split("(?=SIP/2\\.0 \\d{3} )")) {
                if (part.startsWith("SIP/2.0 ")) {
                    codes.add(statusOf(part));
                }
            }
            if (!codes.isEmpty() && codes.get(codes.size() - 1) >= 200) {
                break;
            }
        }
        return codes;
    }

    private static int statusOf(String response) {
        return response.startsWith("SIP/2.0 ") ? Integer.parseInt(response.substring(8, 11)) : -1;
    }
}
