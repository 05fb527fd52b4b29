package io.switchboard.bench.webrtc.calls;

import io.switchboard.media.sdp.Fingerprint;
import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import io.switchboard.media.webrtc.dtls.DtlsFailure;
import io.switchboard.media.webrtc.dtls.DtlsHandshake;
import io.switchboard.media.webrtc.srtp.SrtpKeys;
import io.switchboard.media.webrtc.srtp.SrtpSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One generated call: the "browser" socket (STUN, DTLS, SRTP, or plain RTP for the baseline) and the trunk's
 * plain RTP socket. Every packet's payload carries the frame number and the send time, so loss is counted per
 * frame of the measured window and latency per packet, whatever the relay rewrites in the RTP header.
 */
final class LoadCall {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final int PACKET = 172;
    private static final Pattern PORT = Pattern.compile("m=audio (\\d+) ");
    private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
    private static final Pattern PWD = Pattern.compile("a=ice-pwd:(\\S+)");
    private static final Pattern FINGERPRINT = Pattern.compile("a=fingerprint:(\\S+ \\S+)");
    private static final String PWD_OURS = "loadgeneratorpassword0123";

    final int index;
    final boolean secure;
    final DatagramChannel browser;
    final DatagramChannel trunk;
    private final DtlsCertificate certificate;
    private final int ssrc;
    private final String ufrag;
    private volatile InetSocketAddress relayBrowserSide;
    private volatile InetSocketAddress relayTrunkSide;
    private volatile String relayUfrag;
    private volatile String relayPwd;
    private volatile DtlsHandshake handshake;
    private volatile SrtpSession sendSession;
    private volatile SrtpSession receiveSession;
    private volatile boolean ready;
    private volatile boolean closed;
    private final CompletableFuture<Void> iceDone = new CompletableFuture<>();
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
        this.certificate = certificate;
        this.ufrag = "lg" + index;
        this.ssrc = 0x10000 + index;
        browser = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        trunk = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        browser.configureBlocking(false);
        trunk.configureBlocking(false);
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
            relayUfrag = group(UFRAG, answers[0]);
            relayPwd = group(PWD, answers[0]);
            Fingerprint relayFingerprint;
            try {
                relayFingerprint = Fingerprint.parse(group(FINGERPRINT, answers[0]));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            keepConsent(timer);
            return iceDone.thenCompose(v -> handshake(relayFingerprint, handshakes));
        });
    }

    /** A check now; again in 200 ms while ICE is not done (a lost check), else in 4-6 s (consent). */
    private void keepConsent(ScheduledExecutorService timer) {
        if (closed) {
            return;
        }
        send(browser, BrowserStun.check(relayUfrag + ":" + ufrag, relayPwd), relayBrowserSide);
        long delay = iceDone.isDone() ? 4000 + ThreadLocalRandom.current().nextInt(2000) : 200;
        timer.schedule(() -> keepConsent(timer), delay, TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Void> handshake(Fingerprint relayFingerprint, ExecutorService handshakes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // the relay answered a=setup:passive to our actpass: we send the ClientHello
        handshake = new DtlsHandshake(true, certificate, relayFingerprint, handshakes,
                d -> send(browser, d, relayBrowserSide), new DtlsHandshake.Outcome() {
                    @Override
                    public void secure(SrtpKeys keys) {
                        sendSession = new SrtpSession(keys);
                        receiveSession = new SrtpSession(keys);
                        ready = true;
                        done.complete(null);
                    }

                    @Override
                    public void failed(DtlsFailure reason, String detail) {
                        done.completeExceptionally(new IllegalStateException(reason + " " + detail));
                    }
                }, 20_000);
        handshake.start();
        return done;
    }

    private String offer() {
        if (!secure) {
            return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
                    + browser.socket().getLocalPort() + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                    + "a=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\na=sendrecv\r\n";
        }
        return String.join("\r\n", "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
                "m=audio 9 UDP/TLS/RTP/SAVPF 0 101", "c=IN IP4 0.0.0.0", "a=ice-ufrag:" + ufrag,
                "a=ice-pwd:" + PWD_OURS, "a=fingerprint:" + certificate.fingerprint().sdpValue(), "a=setup:actpass",
                "a=mid:0", "a=sendrecv", "a=rtcp-mux", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000",
                "") + "\r\n";
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
        SrtpSession s = sendSession;
        if (secure) {
            byte[] scratch = s.scratch(PACKET + 32);
            System.arraycopy(up, 0, scratch, 0, PACKET);
            int n = s.protect(PACKET, false);
            send(browser, java.util.Arrays.copyOf(s.result(), n), relayBrowserSide);
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
        int first = d.get(0) & 0xFF;
        if (first <= 3) {
            iceDone.complete(null);
        } else if (first >= 20 && first <= 63) {
            byte[] b = new byte[d.remaining()];
            d.get(b);
            DtlsHandshake h = handshake;
            if (h != null) {
                h.offer(b);
            }
        } else if (first >= 128 && first <= 191 && !isRtcp(d)) {
            byte[] plain;
            if (secure) {
                SrtpSession s = receiveSession;
                if (s == null) {
                    return;
                }
                int len = d.remaining();
                d.get(s.scratch(len), 0, len);
                if (s.unprotect(len, false) < 0) {
                    return;
                }
                plain = s.result();
            } else {
                plain = new byte[d.remaining()];
                d.get(plain);
            }
            count(ByteBuffer.wrap(plain), gotDown, countFrom, latency);
        }
    }

    /** On the reader thread: what the relay sent to the trunk side. */
    void fromTrunkSocket(ByteBuffer d, int countFrom, LatencyHistogram latency) {
        if ((d.get(0) & 0xC0) == 0x80 && !isRtcp(d)) {
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

    private static boolean isRtcp(ByteBuffer d) {
        int type = d.get(1) & 0xFF;
        return type >= 192 && type <= 223;
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
        closed = true;
        try {
            browser.close();
            trunk.close();
        } catch (Exception ignored) {
            // closing
        }
        DtlsHandshake h = handshake;
        if (h != null) {
            h.close();
        }
    }
}
