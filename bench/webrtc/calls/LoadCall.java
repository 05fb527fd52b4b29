package io.switchboard.bench.webrtc.calls;

import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One generated call: the "browser" socket (a {@link BrowserLeg}: STUN, DTLS, SRTP, or plain RTP for the
 * baseline) and the trunk's plain RTP socket. Every packet's payload carries the frame number and the send
 * time, so loss is counted per frame of the measured window and latency per packet, whatever the relay
 * rewrites in the RTP header.
 */
final class LoadCall {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final int PACKET = 172;
    private static final Pattern PORT = Pattern.compile("m=audio (\\d+) ");

    final int index;
    final boolean secure;
    final DatagramChannel browser;
    final DatagramChannel trunk;
    private final BrowserLeg leg;
    private final int ssrc;
    private volatile InetSocketAddress relayBrowserSide;
    private volatile InetSocketAddress relayTrunkSide;
    private volatile boolean ready;
    // sender thread only
    private int seq = 1;
    private int trunkSeq = 1;
    private long timestamp;
    long sentUp;
    long sentDown;
    // reader thread writes, main reads after the window
    final AtomicLong gotUp = new AtomicLong();
    final AtomicLong gotDown = new AtomicLong();

    LoadCall(int index, boolean secure, DtlsCertificate certificate) throws Exception {
        this.index = index;
        this.secure = secure;
        this.ssrc = 0x10000 + index;
        browser = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        trunk = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        browser.configureBlocking(false);
        trunk.configureBlocking(false);
        leg = new BrowserLeg(browser, certificate, "lg" + index);
    }

    /**
     * Asks the relay for both legs, then (WebRTC) runs ICE and DTLS. Consent checks start with the first ICE
     * check and go on every 4-6 s (RFC 7675 section 5.1) on {@code timer} until the call closes, whatever
     * the other calls' setup is doing.
     */
    CompletableFuture<Void> setUp(RelayProcess relay, ExecutorService handshakes, ScheduledExecutorService timer) {
        return relay.call(index, offer(), trunkOffer()).thenCompose(answers -> {
            relayBrowserSide = new InetSocketAddress(LOOPBACK, Integer.parseInt(group(PORT, answers[0])));
            relayTrunkSide = new InetSocketAddress(LOOPBACK, Integer.parseInt(group(PORT, answers[1])));
            if (!secure) {
                ready = true;
                return CompletableFuture.completedFuture(null);
            }
            return leg.connect(answers[0], handshakes, timer).thenRun(() -> ready = true);
        });
    }

    private String offer() {
        if (!secure) {
            return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
                    + browser.socket().getLocalPort() + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                    + "a=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\na=sendrecv\r\n";
        }
        return leg.offer();
    }

    private String trunkOffer() {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
                + trunk.socket().getLocalPort() + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    /** One 20 ms frame each way; on the sender thread. Frames from {@code countFrom} on are counted as sent. */
    void tick(int frame, int countFrom) {
        if (!ready) {
            return;
        }
        long now = System.nanoTime();
        byte[] up = new byte[PACKET];
        rtp(up, seq++, timestamp, ssrc, frame, now);
        if (secure) {
            leg.sendRtp(up, PACKET);
        } else {
            send(browser, up, relayBrowserSide);
        }
        byte[] down = new byte[PACKET];
        rtp(down, trunkSeq++, timestamp, ssrc + 0x100000, frame, now);
        send(trunk, down, relayTrunkSide);
        timestamp += 160;
        if (frame >= countFrom) {
            sentUp++;
            sentDown++;
        }
    }

    /** On the reader thread: what the relay sent to the browser side. */
    void fromBrowserSocket(ByteBuffer d, int countFrom, LatencyHistogram latency) {
        if (secure) {
            ByteBuffer plain = leg.received(d);
            if (plain != null) {
                count(plain, gotDown, countFrom, latency);
            }
        } else if ((d.get(0) & 0xC0) == 0x80 && !BrowserLeg.isRtcp(d)) {
            count(d, gotDown, countFrom, latency);
        }
    }

    /** On the reader thread: what the relay sent to the trunk side. */
    void fromTrunkSocket(ByteBuffer d, int countFrom, LatencyHistogram latency) {
        if ((d.get(0) & 0xC0) == 0x80 && !BrowserLeg.isRtcp(d)) {
            count(d, gotUp, countFrom, latency);
        }
    }

    private static void count(ByteBuffer rtp, AtomicLong counter, int countFrom, LatencyHistogram latency) {
        int header = 12 + 4 * (rtp.get(0) & 0x0F);
        if (rtp.limit() < header + 12) {
            return;
        }
        int frame = rtp.getInt(header);
        if (frame >= countFrom) {
            counter.incrementAndGet();
            latency.record(System.nanoTime() - rtp.getLong(header + 4));
        }
    }

    private static void rtp(byte[] b, int seq, long ts, int ssrc, int frame, long nanos) {
        ByteBuffer p = ByteBuffer.wrap(b);
        p.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt((int) ts).putInt(ssrc);
        p.putInt(frame).putLong(nanos);
        for (int i = p.position(); i < b.length; i++) {
            b[i] = (byte) 0xFF;
        }
    }

    private static void send(DatagramChannel channel, byte[] datagram, InetSocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(datagram), to);
        } catch (Exception e) {
            // a full socket buffer drops the packet, which the loss count sees
        }
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + p + " in answer");
        }
        return m.group(1);
    }

    void close() {
        leg.close();
        try {
            trunk.close();
        } catch (Exception ignored) {
            // closing
        }
    }
}
