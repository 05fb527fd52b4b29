package io.switchboard.media.webrtc;

import io.switchboard.media.sdp.Fingerprint;
import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import io.switchboard.media.webrtc.dtls.DtlsTestClient;
import io.switchboard.media.webrtc.ice.StunRequests;
import io.switchboard.media.webrtc.srtp.SrtpKeys;
import io.switchboard.media.webrtc.srtp.SrtpProfile;
import io.switchboard.media.webrtc.srtp.SrtpSession;
import io.switchboard.testkit.RtpPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.tls.DatagramTransport;

/**
 * A browser's media side written for tests: one UDP socket on loopback that offers like Chrome
 * (UDP/TLS/RTP/SAVPF, setup:actpass, ICE credentials, a fingerprint), runs ICE checks with USE-CANDIDATE at the
 * relay's candidate, a DTLS client on bctls (test code, not the relay's), and SRTP with the exported keys.
 * Received SRTP is decrypted into {@link RtpPeer.Received} records, so the relay's tone checks apply.
 */
public final class WebRtcPeer implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("m=audio (\\d+) ");
    private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
    private static final Pattern PWD = Pattern.compile("a=ice-pwd:(\\S+)");
    private static final Pattern FINGERPRINT = Pattern.compile("a=fingerprint:(\\S+ \\S+)");

    private final DatagramChannel channel;
    /** A second local address, standing for the browser's relay candidate on our TURN server. */
    private final DatagramChannel second;
    /** The socket checks and media go out of (the pair the browser nominates). */
    private volatile DatagramChannel active;
    private final java.util.Map<Integer, java.util.concurrent.atomic.AtomicInteger> decryptedOn =
            new java.util.concurrent.ConcurrentHashMap<>();
    private String ufrag = "peer" + (int) (Math.random() * 1000);
    private String pwd = "peerpasswordpeerpassword";
    private DtlsCertificate certificate;
    private final LinkedBlockingQueue<byte[]> stun = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<byte[]> dtls = new LinkedBlockingQueue<>();
    private final List<RtpPeer.Received> received = new ArrayList<>();
    private final int ssrc = (int) (Math.random() * Integer.MAX_VALUE);
    private volatile InetSocketAddress relay;
    private volatile SrtpSession inbound;
    private SrtpSession outbound;
    private SrtpSession previousOutbound;
    private String relayUfrag;
    private String relayPwd;
    private String relayPwdBefore;
    private volatile boolean open = true;
    private int seq = 1;
    private long timestamp = 1000;

    public WebRtcPeer() {
        this(DtlsTestClient.newCertificate());
    }

    /** A peer presenting {@code certificate} (an impostor passes one that its SDP does not announce). */
    public WebRtcPeer(DtlsCertificate certificate) {
        this.certificate = certificate;
        try {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            second = DatagramChannel.open();
            second.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        active = channel;
        for (DatagramChannel c : List.of(channel, second)) {
            Thread reader = new Thread(() -> read(c), "webrtc-peer");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /**
     * From now on checks and media leave from the other local address (host to relay candidate, or back), as a
     * browser does when ICE nominates another pair; returns the address now in use.
     */
    public InetSocketAddress switchPath() {
        active = active == channel ? second : channel;
        return activeAddress();
    }

    public InetSocketAddress activeAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), active.socket().getLocalPort());
    }

    /** Decrypted RTP packets that arrived at the local {@code address}. */
    public int decryptedAt(InetSocketAddress address) {
        var n = decryptedOn.get(address.getPort());
        return n == null ? 0 : n.get();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), channel.socket().getLocalPort());
    }

    /** A Chrome-like offer: audio PCMU and telephone-event over UDP/TLS/RTP/SAVPF, announcing {@code announced}. */
    public String offer(Fingerprint announced) {
        return String.join("\r\n", "v=0", "o=- 42 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 101", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
                "a=candidate:1 1 udp 2122260223 127.0.0.1 " + address().getPort() + " typ host",
                "a=ice-ufrag:" + ufrag, "a=ice-pwd:" + pwd, "a=fingerprint:" + announced.sdpValue(),
                "a=setup:actpass", "a=mid:0", "a=sendrecv", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
                "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=ssrc:" + Integer.toUnsignedString(ssrc)
                        + " cname:peer", "") + "\r\n";
    }

    /** New ICE credentials for the next offer (an ICE restart, RFC 8445 section 9). */
    public void restartIce() {
        ufrag = "rst" + (int) (Math.random() * 1000);
        pwd = "restartedpasswordrestarted";
    }

    /** A new certificate for the next offer and handshake (its fingerprint asks for a new DTLS association). */
    public void renewCertificate() {
        certificate = DtlsTestClient.newCertificate();
    }

    /** The relay's ICE password before its last answer. */
    public String relayPwdBefore() {
        return relayPwdBefore;
    }

    /** The relay's ICE username fragment from its last answer. */
    public String relayUfrag() {
        return relayUfrag;
    }

    /** A check with the given credentials; returns the response's type. */
    public int check(String username, String password) throws Exception {
        send(StunRequests.check(username, password, true));
        byte[] response = stun.poll(5, TimeUnit.SECONDS);
        if (response == null) {
            throw new IllegalStateException("no STUN response");
        }
        return StunRequests.type(response);
    }

    /** The offer announcing this peer's own certificate. */
    public String offer() {
        return offer(certificate.fingerprint());
    }

    /** Reads the relay's answer: its port (on loopback), ICE credentials and fingerprint. */
    public Fingerprint answer(String sdp) throws Exception {
        relayPwdBefore = relayPwd;
        relay = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(group(PORT, sdp)));
        relayUfrag = group(UFRAG, sdp);
        relayPwd = group(PWD, sdp);
        return Fingerprint.parse(group(FINGERPRINT, sdp));
    }

    /** One ICE check with USE-CANDIDATE; returns the response's type (0x0101 on success). */
    public int check() throws Exception {
        send(StunRequests.check(relayUfrag + ":" + ufrag, relayPwd, true));
        byte[] response = stun.poll(5, TimeUnit.SECONDS);
        if (response == null) {
            throw new IllegalStateException("no STUN response");
        }
        return StunRequests.type(response);
    }

    /** ICE, then DTLS as the client, checking the relay against {@code relayFingerprint}; SRTP keys installed. */
    public SrtpProfile connect(Fingerprint relayFingerprint, SrtpProfile... offered) throws Exception {
        if (check() != 0x0101) {
            throw new IllegalStateException("ICE check refused");
        }
        SrtpProfile[] profiles = offered.length == 0 ? new SrtpProfile[] {SrtpProfile.AES128_CM_HMAC_SHA1_80,
                SrtpProfile.AEAD_AES_128_GCM} : offered;
        dtls.clear(); // what is left of an earlier association
        SrtpKeys keys = new DtlsTestClient(certificate, relayFingerprint, profiles).connect(new Transport());
        previousOutbound = outbound;
        outbound = new SrtpSession(keys);
        inbound = new SrtpSession(keys);
        return keys.profile();
    }

    /** Sends a tone as SRTP PCMU at 20 ms pacing; blocks. */
    public void sendTone(double hz, int amplitude, Duration duration) {
        short[] samples = RtpPeer.tone(hz, amplitude, (int) (duration.toMillis() * 8));
        long start = System.nanoTime();
        for (int f = 0; f * 160 < samples.length; f++) {
            long due = start + f * 20_000_000L;
            while (System.nanoTime() < due) {
                java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
            }
            ByteBuffer p = ByteBuffer.allocate(172);
            p.put((byte) 0x80).put((byte) (f == 0 ? 0x80 : 0)).putShort((short) seq++).putInt((int) timestamp)
                    .putInt(ssrc);
            for (int i = 0; i < 160; i++) {
                p.put(ulaw(samples[f * 160 + i]));
            }
            timestamp += 160;
            sendSrtp(p.array());
        }
    }

    /** Protects and sends one RTP packet; returns what went on the wire (a test replays it). */
    public byte[] sendSrtp(byte[] rtp) {
        byte[] scratch = outbound.scratch(rtp.length + 20);
        System.arraycopy(rtp, 0, scratch, 0, rtp.length);
        int n = outbound.protect(rtp.length, false);
        byte[] wire = java.util.Arrays.copyOf(outbound.result(), n);
        send(wire);
        return wire;
    }

    /** Protects one RTP packet with the keys of the association before the last one, and sends it. */
    public void sendSrtpWithPreviousKeys(byte[] rtp) {
        byte[] scratch = previousOutbound.scratch(rtp.length + 20);
        System.arraycopy(rtp, 0, scratch, 0, rtp.length);
        int n = previousOutbound.protect(rtp.length, false);
        send(java.util.Arrays.copyOf(previousOutbound.result(), n));
    }

    public void send(byte[] datagram) {
        try {
            active.send(ByteBuffer.wrap(datagram), relay);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code count} decrypted RTP packets arrived; returns them all. */
    public List<RtpPeer.Received> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < count && System.nanoTime() < deadline) {
                received.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            return new ArrayList<>(received);
        }
    }

    public List<RtpPeer.Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    /** SRTP datagrams that arrived (decrypted or not), including before keys. */
    private volatile int srtpSeen;

    public int srtpSeen() {
        return srtpSeen;
    }

    private void read(DatagramChannel channel) {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        int localPort = channel.socket().getLocalPort();
        while (open) {
            try {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buf);
                buf.flip();
                byte[] d = new byte[buf.remaining()];
                buf.get(d);
                int first = d.length == 0 ? -1 : d[0] & 0xFF;
                if (first >= 0 && first <= 3) {
                    stun.add(d);
                } else if (first >= 20 && first <= 63) {
                    dtls.add(d);
                } else if (first >= 128 && first <= 191) {
                    srtpSeen++;
                    SrtpSession s = inbound;
                    if (s == null || (d[1] & 0xFF) >= 192 && (d[1] & 0xFF) <= 223) {
                        continue; // before keys, or SRTCP: not audio
                    }
                    // both sockets' readers share the session: one decryption at a time
                    synchronized (received) {
                        System.arraycopy(d, 0, s.scratch(d.length), 0, d.length);
                        int n = s.unprotect(d.length, false);
                        if (n > 0) {
                            decryptedOn.computeIfAbsent(localPort, p -> new java.util.concurrent.atomic.AtomicInteger())
                                    .incrementAndGet();
                            received.add(new RtpPeer.Received(System.nanoTime(), from,
                                    java.util.Arrays.copyOf(s.result(), n)));
                            received.notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + p + " in " + s);
        }
        return m.group(1);
    }

    private static byte ulaw(int sample) {
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) {
            sample = -sample;
        }
        sample = Math.min(sample, 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (sample >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    @Override
    public void close() {
        open = false;
        try {
            channel.close();
            second.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** DTLS over the peer's socket: the reader thread queues DTLS datagrams for the handshake. */
    private final class Transport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 2048;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] d = dtls.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (d == null) {
                    return -1;
                }
                System.arraycopy(d, 0, buf, off, Math.min(len, d.length));
                return Math.min(len, d.length);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            WebRtcPeer.this.send(java.util.Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void close() {
        }
    }
}
