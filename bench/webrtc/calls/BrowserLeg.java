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
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The media side of a browser's {@code RTCPeerConnection} to an ICE-lite, DTLS-SRTP peer, on one UDP socket
 * that the caller reads (one selector for many legs): the non-trickle SDP offer, ICE checks with
 * USE-CANDIDATE until the first answer (RFC 8445 section 7.1.2), consent checks every 4-6 s after it (RFC 7675
 * section 5.1), the DTLS client handshake (the peer answers a=setup:passive to our actpass, RFC 5763 section 5)
 * and the SRTP sessions it keys.
 */
public final class BrowserLeg {
    private static final Pattern PORT = Pattern.compile("m=audio (\\d+) ");
    private static final Pattern ADDRESS = Pattern.compile("c=IN IP[46] (\\S+)");
    private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
    private static final Pattern PWD = Pattern.compile("a=ice-pwd:(\\S+)");
    private static final Pattern FINGERPRINT = Pattern.compile("a=fingerprint:(\\S+ \\S+)");
    private static final Pattern SETUP = Pattern.compile("a=setup:(\\S+)");
    private static final String PWD_OURS = "loadgeneratorpassword0123";

    private final DatagramChannel socket;
    private final DtlsCertificate certificate;
    private final String ufrag;
    private final CompletableFuture<Void> iceDone = new CompletableFuture<>();
    private volatile InetSocketAddress peer;
    private volatile String peerUfrag;
    private volatile String peerPwd;
    private volatile DtlsHandshake handshake;
    private volatile SrtpSession sendSession;
    private volatile SrtpSession receiveSession;
    private volatile boolean closed;
    /** When the peer last answered a check (System.nanoTime), 0 before the first answer. */
    private volatile long lastAnswerNanos;

    /** {@code socket}: bound, non-blocking, read by the caller, who hands its datagrams to {@link #received}. */
    public BrowserLeg(DatagramChannel socket, DtlsCertificate certificate, String ufrag) {
        this.socket = socket;
        this.certificate = certificate;
        this.ufrag = ufrag;
    }

    public DatagramChannel socket() {
        return socket;
    }

    /** The offer a browser sends once gathering is done: one sendrecv audio section, rtcp-mux, PCMU. */
    public String offer() {
        return String.join("\r\n", "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
                "m=audio 9 UDP/TLS/RTP/SAVPF 0 101", "c=IN IP4 0.0.0.0", "a=ice-ufrag:" + ufrag,
                "a=ice-pwd:" + PWD_OURS, "a=fingerprint:" + certificate.fingerprint().sdpValue(), "a=setup:actpass",
                "a=mid:0", "a=sendrecv", "a=rtcp-mux", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000",
                "") + "\r\n";
    }

    /**
     * Reads the peer's answer and connects: checks until ICE answers, then the DTLS handshake on {@code
     * handshakes}; consent checks go on on {@code timer} until {@link #close}. Completes when SRTP is keyed.
     */
    public CompletableFuture<Void> connect(String answer, Executor handshakes, ScheduledExecutorService timer) {
        Fingerprint peerFingerprint;
        try {
            String address = find(ADDRESS, answer);
            peer = new InetSocketAddress(address.equals("0.0.0.0") ? InetAddress.getLoopbackAddress()
                    : InetAddress.getByName(address), Integer.parseInt(find(PORT, answer)));
            peerUfrag = find(UFRAG, answer);
            peerPwd = find(PWD, answer);
            peerFingerprint = Fingerprint.parse(find(FINGERPRINT, answer));
            if (!find(SETUP, answer).equals("passive")) {
                throw new IllegalArgumentException("the answer is not a=setup:passive: this leg only sends the ClientHello");
            }
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        keepConsent(timer);
        return iceDone.thenCompose(v -> handshake(peerFingerprint, handshakes));
    }

    /** A check now; again in 200 ms while ICE is not done (a lost check), else in 4-6 s (consent). */
    private void keepConsent(ScheduledExecutorService timer) {
        if (closed) {
            return;
        }
        send(BrowserStun.check(peerUfrag + ":" + ufrag, peerPwd));
        long delay = iceDone.isDone() ? 4000 + ThreadLocalRandom.current().nextInt(2000) : 200;
        timer.schedule(() -> keepConsent(timer), delay, TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Void> handshake(Fingerprint peerFingerprint, Executor handshakes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        handshake = new DtlsHandshake(true, certificate, peerFingerprint, handshakes, this::send,
                new DtlsHandshake.Outcome() {
                    @Override
                    public void secure(SrtpKeys keys) {
                        sendSession = new SrtpSession(keys);
                        receiveSession = new SrtpSession(keys);
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

    /**
     * One datagram from the peer, demultiplexed by its first byte (RFC 7983): STUN answers ICE, DTLS goes to
     * the handshake, SRTP is decrypted. Answers the RTP packet in the clear (a view valid until the next
     * call), or null for anything else or a packet that does not authenticate. On the reading thread.
     */
    public ByteBuffer received(ByteBuffer d) {
        int first = d.get(0) & 0xFF;
        if (first <= 3) {
            lastAnswerNanos = System.nanoTime();
            iceDone.complete(null);
        } else if (first >= 20 && first <= 63) {
            byte[] b = new byte[d.remaining()];
            d.get(b);
            DtlsHandshake h = handshake;
            if (h != null) {
                h.offer(b);
            }
        } else if (first >= 128 && first <= 191 && !isRtcp(d)) {
            SrtpSession s = receiveSession;
            if (s == null) {
                return null;
            }
            int len = d.remaining();
            d.get(s.scratch(len), 0, len);
            int plain = s.unprotect(len, false);
            return plain < 0 ? null : ByteBuffer.wrap(s.result(), 0, plain);
        }
        return null;
    }

    /** Encrypts and sends one RTP packet (the first {@code length} bytes of {@code rtp}); on one sending thread. */
    public void sendRtp(byte[] rtp, int length) {
        SrtpSession s = sendSession;
        if (s == null) {
            return;
        }
        byte[] scratch = s.scratch(length + 32);
        System.arraycopy(rtp, 0, scratch, 0, length);
        int n = s.protect(length, false);
        send(Arrays.copyOf(s.result(), n));
    }

    /** True once SRTP is keyed. */
    public boolean secure() {
        return sendSession != null;
    }

    /** True when the peer answered a consent check within {@code millis}. */
    public boolean answeredWithin(long millis) {
        long last = lastAnswerNanos;
        return last != 0 && System.nanoTime() - last < millis * 1_000_000L;
    }

    private void send(byte[] datagram) {
        try {
            socket.send(ByteBuffer.wrap(datagram), peer);
        } catch (Exception e) {
            // a full socket buffer drops the datagram, as the network would; checks and DTLS resend
        }
    }

    static boolean isRtcp(ByteBuffer d) {
        int type = d.get(d.position() + 1) & 0xFF;
        return type >= 192 && type <= 223;
    }

    private static String find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + p + " in the answer");
        }
        return m.group(1);
    }

    /** Stops the checks and the handshake and closes the socket. */
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (Exception ignored) {
            // closing
        }
        DtlsHandshake h = handshake;
        if (h != null) {
            h.close();
        }
    }
}
