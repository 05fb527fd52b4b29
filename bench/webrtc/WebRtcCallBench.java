import io.switchboard.media.MediaRelays;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.media.api.TransportFailure;
import io.switchboard.media.sdp.Fingerprint;
import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import io.switchboard.media.webrtc.dtls.DtlsFailure;
import io.switchboard.media.webrtc.dtls.DtlsHandshake;
import io.switchboard.media.webrtc.srtp.SrtpKeys;
import io.switchboard.media.webrtc.srtp.SrtpSession;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Concurrent WebRTC <-> RTP bridged calls through the relay, with a DTLS-SRTP load generator of our own.
 *
 * <p>For each N: N calls, each a WebRTC endpoint (answering the generator's browser-like offer: ICE-lite check
 * with USE-CANDIDATE, DTLS 1.2 with use_srtp, SRTP) bridged to a plain RTP endpoint; the generator sends one
 * 172-byte packet every 20 ms on both sides of every call for the measured window and counts what comes out
 * on the other side. A run is clean when loss stays under 0.1% each way.
 *
 * <p>The relay (its own 2 media loops and DTLS pool) and the generator (one sender thread, one reader thread,
 * its own handshake pool) run in this one JVM on the same cores, so the relay's figures are a floor. The
 * relay's CPU is read from its threads (media-*, media-dtls-*) over the measured window.
 *
 * <p>Usage: java -cp media-relay's classpath bench/webrtc/WebRtcCallBench.java SECONDS N...
 */
public class WebRtcCallBench {
    static final int FRAME_NANOS = 20_000_000;
    static final Pattern PORT = Pattern.compile("m=audio (\\d+) ");
    static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
    static final Pattern PWD = Pattern.compile("a=ice-pwd:(\\S+)");
    static final Pattern FINGERPRINT = Pattern.compile("a=fingerprint:(\\S+ \\S+)");
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        System.out.println("# WebRTC<->RTP bridged calls, " + seconds + " s measured per N, G.711 20 ms both ways;"
                + " relay and generator in one JVM on " + Runtime.getRuntime().availableProcessors() + " cores");
        for (int i = 1; i < args.length; i++) {
            run(Integer.parseInt(args[i]), seconds);
        }
    }

    static void run(int n, int seconds) throws Exception {
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger setupFailures = new AtomicInteger();
        MediaEventListener listener = new MediaEventListener() {
            @Override
            public void onTransportFailed(EndpointId endpoint, TransportFailure reason) {
                failures.incrementAndGet();
            }
        };
        int base = 30000;
        MediaRelaySettings settings = new MediaRelaySettings(LOOPBACK, "127.0.0.1", base, base + 4 * n + 64,
                Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofSeconds(2),
                Files.createTempDirectory("webrtc-bench"), 2);
        ExecutorService generatorHandshakes = Executors.newFixedThreadPool(8);
        DtlsCertificate browserCert = DtlsCertificate.generate("load-browser");
        List<Call> calls = new ArrayList<>();
        try (MediaRelay relay = MediaRelays.start(settings, listener); Selector selector = Selector.open()) {
            Reader reader = new Reader(selector);
            reader.start();
            long setupStart = System.nanoTime();
            Semaphore inFlight = new Semaphore(32);
            List<CompletableFuture<Void>> setups = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Call c = new Call(i, browserCert);
                calls.add(c);
                reader.register(c);
                inFlight.acquire();
                setups.add(c.setUp(relay, generatorHandshakes).orTimeout(30, TimeUnit.SECONDS)
                        .whenComplete((ok, e) -> {
                            inFlight.release();
                            if (e != null) {
                                setupFailures.incrementAndGet();
                            }
                        }));
            }
            for (CompletableFuture<Void> setup : setups) {
                setup.exceptionally(e -> null).join();
            }
            double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

            Sender sender = new Sender(calls);
            sender.start();
            Thread.sleep(2000); // warm-up: the JIT and the latches settle before counting
            calls.forEach(Call::resetCounters);
            long cpu0 = relayCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long cpu1 = relayCpuNanos();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            sender.stopAndJoin();
            Thread.sleep(500); // what is in flight arrives
            reader.stopAndJoin();

            long sentUp = 0, sentDown = 0, gotUp = 0, gotDown = 0;
            for (Call c : calls) {
                sentUp += c.sentSrtp;
                sentDown += c.sentRtp;
                gotUp += c.rtpReceived.get();
                gotDown += c.srtpReceived.get();
            }
            double lossUp = sentUp == 0 ? 100 : 100.0 * Math.max(0, sentUp - gotUp) / sentUp;
            double lossDown = sentDown == 0 ? 100 : 100.0 * Math.max(0, sentDown - gotDown) / sentDown;
            double relayCpu = (cpu1 - cpu0) / 1e9 / elapsed;
            System.out.printf("calls=%d setup_s=%.2f handshakes_per_s=%.0f browser_to_trunk_loss_pct=%.3f "
                    + "trunk_to_browser_loss_pct=%.3f relayed_pps=%.0f relay_cpu=%.2f pkts_per_relay_cpu_s=%.0f "
                    + "setup_failures=%d transport_failures=%d clean=%s%n", n, setupSeconds, n / setupSeconds, lossUp,
                    lossDown, (gotUp + gotDown) / elapsed, relayCpu,
                    relayCpu == 0 ? 0 : (gotUp + gotDown) / elapsed / relayCpu, setupFailures.get(), failures.get(),
                    lossUp < 0.1 && lossDown < 0.1 && failures.get() == 0 && setupFailures.get() == 0);
        } finally {
            generatorHandshakes.shutdownNow();
            for (Call c : calls) {
                c.close();
            }
        }
    }

    static long relayCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            var info = mx.getThreadInfo(id);
            if (info != null && info.getThreadName().startsWith("media-")) {
                long t = mx.getThreadCpuTime(id);
                if (t > 0) {
                    sum += t;
                }
            }
        }
        return sum;
    }

    /** One call: the browser's socket (STUN, DTLS, SRTP) and the trunk's socket (RTP). */
    static final class Call {
        final int index;
        final DatagramChannel browser;
        final DatagramChannel trunk;
        final String ufrag;
        final String pwd = "loadgeneratorpassword0123";
        final DtlsCertificate certificate;
        final int ssrc;
        volatile InetSocketAddress relayBrowserSide;
        volatile InetSocketAddress relayTrunkSide;
        volatile String relayUfrag;
        volatile String relayPwd;
        volatile DtlsHandshake handshake;
        final CompletableFuture<Void> iceDone = new CompletableFuture<>();
        volatile SrtpSession sendSession;
        volatile SrtpSession receiveSession;
        int seq = 1;
        long timestamp;
        int trunkSeq = 1;
        long sentSrtp;
        long sentRtp;
        final AtomicInteger srtpReceived = new AtomicInteger();
        final AtomicInteger rtpReceived = new AtomicInteger();

        Call(int index, DtlsCertificate certificate) throws Exception {
            this.index = index;
            this.certificate = certificate;
            this.ufrag = "lg" + index;
            this.ssrc = 0x10000 + index;
            browser = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
            trunk = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
            browser.configureBlocking(false);
            trunk.configureBlocking(false);
        }

        CompletableFuture<Void> setUp(MediaRelay relay, ExecutorService handshakes) {
            String callId = "bench-" + index;
            return relay.answer(callId, offer()).thenCompose(w -> {
                relayBrowserSide = new InetSocketAddress(LOOPBACK, Integer.parseInt(group(PORT, w.localSdp())));
                relayUfrag = group(UFRAG, w.localSdp());
                relayPwd = group(PWD, w.localSdp());
                Fingerprint relayFingerprint;
                try {
                    relayFingerprint = Fingerprint.parse(group(FINGERPRINT, w.localSdp()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return relay.answer(callId, trunkOffer()).thenCompose(t -> {
                    relayTrunkSide = new InetSocketAddress(LOOPBACK, Integer.parseInt(group(PORT, t.localSdp())));
                    return relay.bridge(w.id(), t.id());
                }).thenCompose(v -> {
                    sendCheck();
                    // a check lost in a full socket buffer is sent again, as a browser retransmits
                    CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < 40 && !iceDone.isDone(); i++) {
                            LockSupport.parkNanos(250_000_000L);
                            if (!iceDone.isDone()) {
                                sendCheck();
                            }
                        }
                    }, handshakes);
                    return iceDone;
                }).thenCompose(v -> {
                    CompletableFuture<Void> secure = new CompletableFuture<>();
                    handshake = new DtlsHandshake(true, certificate, relayFingerprint, handshakes,
                            this::sendBrowser, new DtlsHandshake.Outcome() {
                                @Override
                                public void secure(SrtpKeys keys) {
                                    sendSession = new SrtpSession(keys);
                                    receiveSession = new SrtpSession(keys);
                                    secure.complete(null);
                                }

                                @Override
                                public void failed(DtlsFailure reason, String detail) {
                                    secure.completeExceptionally(new IllegalStateException(reason + " " + detail));
                                }
                            }, 20_000);
                    handshake.start();
                    return secure;
                });
            });
        }

        String offer() {
            return String.join("\r\n", "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
                    "m=audio 9 UDP/TLS/RTP/SAVPF 0 101", "c=IN IP4 0.0.0.0", "a=ice-ufrag:" + ufrag,
                    "a=ice-pwd:" + pwd, "a=fingerprint:" + certificate.fingerprint().sdpValue(), "a=setup:actpass",
                    "a=mid:0", "a=sendrecv", "a=rtcp-mux", "a=rtpmap:0 PCMU/8000",
                    "a=rtpmap:101 telephone-event/8000", "") + "\r\n";
        }

        String trunkOffer() {
            int port = trunk.socket().getLocalPort();
            return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
                    + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                    + "a=ptime:20\r\na=sendrecv\r\n";
        }

        void sendCheck() {
            send(browser, Stun.check(relayUfrag + ":" + ufrag, relayPwd), relayBrowserSide);
        }

        void sendBrowser(byte[] datagram) {
            send(browser, datagram, relayBrowserSide);
        }

        /** One 20 ms frame each way; on the sender thread. */
        void tick() {
            SrtpSession s = sendSession;
            if (s == null) {
                return;
            }
            byte[] scratch = s.scratch(200);
            rtp(scratch, seq++, timestamp, ssrc);
            int n = s.protect(172, false);
            send(browser, java.util.Arrays.copyOf(s.result(), n), relayBrowserSide);
            sentSrtp++;
            byte[] plain = new byte[172];
            rtp(plain, trunkSeq++, timestamp, ssrc + 0x100000);
            send(trunk, plain, relayTrunkSide);
            sentRtp++;
            timestamp += 160;
        }

        void resetCounters() {
            sentSrtp = 0;
            sentRtp = 0;
            srtpReceived.set(0);
            rtpReceived.set(0);
        }

        /** On the reader thread. */
        void fromBrowserSocket(ByteBuffer d) {
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
            } else if (first >= 128 && first <= 191) {
                int type = d.get(1) & 0xFF;
                SrtpSession s = receiveSession;
                if (s == null || (type >= 192 && type <= 223)) {
                    return; // SRTCP, or before keys
                }
                int len = d.remaining();
                d.get(s.scratch(len), 0, len);
                if (s.unprotect(len, false) > 0) {
                    srtpReceived.incrementAndGet();
                }
            }
        }

        void fromTrunkSocket(ByteBuffer d) {
            int type = d.get(1) & 0xFF;
            if ((d.get(0) & 0xC0) == 0x80 && !(type >= 192 && type <= 223)) {
                rtpReceived.incrementAndGet();
            }
        }

        void close() {
            try {
                browser.close();
                trunk.close();
            } catch (Exception ignored) {
                // closing
            }
            if (handshake != null) {
                handshake.close();
            }
        }
    }

    static void rtp(byte[] b, int seq, long ts, int ssrc) {
        ByteBuffer p = ByteBuffer.wrap(b);
        p.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt((int) ts).putInt(ssrc);
        for (int i = 12; i < 172; i++) {
            b[i] = (byte) 0xFF;
        }
    }

    static void send(DatagramChannel channel, byte[] datagram, InetSocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(datagram), to);
        } catch (Exception e) {
            // a full socket buffer drops the packet, which the loss count sees
        }
    }

    static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + p + " in answer");
        }
        return m.group(1);
    }

    /** Paces every call's frames at 20 ms; a consent check per call every 5 s (RFC 7675 wants them). */
    static final class Sender extends Thread {
        private final List<Call> calls;
        private volatile boolean running = true;

        Sender(List<Call> calls) {
            super("load-sender");
            this.calls = calls;
            setDaemon(true);
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            for (long frame = 0; running; frame++) {
                long due = start + frame * FRAME_NANOS;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                for (Call c : calls) {
                    c.tick();
                }
                if (frame % 250 == 0) {
                    calls.forEach(Call::sendCheck);
                }
            }
        }

        void stopAndJoin() throws InterruptedException {
            running = false;
            join();
        }
    }

    /** Reads every socket of the generator with one selector. */
    static final class Reader extends Thread {
        private final Selector selector;
        private volatile boolean running = true;
        private final List<Call> pending = new ArrayList<>();

        Reader(Selector selector) {
            super("load-reader");
            this.selector = selector;
            setDaemon(true);
        }

        /** Hands a call's sockets to the reader thread, which registers them between selects. */
        void register(Call c) {
            synchronized (pending) {
                pending.add(c);
            }
            selector.wakeup();
        }

        private void registerPending() throws Exception {
            synchronized (pending) {
                for (Call c : pending) {
                    c.browser.register(selector, SelectionKey.OP_READ, c);
                    c.trunk.register(selector, SelectionKey.OP_READ, c);
                }
                pending.clear();
            }
        }

        @Override
        public void run() {
            ByteBuffer buf = ByteBuffer.allocateDirect(2048);
            try {
                while (running) {
                    selector.select(50);
                    registerPending();
                    for (SelectionKey key : selector.selectedKeys()) {
                        Call c = (Call) key.attachment();
                        DatagramChannel ch = (DatagramChannel) key.channel();
                        while (true) {
                            buf.clear();
                            if (ch.receive(buf) == null) {
                                break;
                            }
                            buf.flip();
                            if (buf.remaining() < 2) {
                                continue;
                            }
                            if (ch == c.browser) {
                                c.fromBrowserSocket(buf);
                            } else {
                                c.fromTrunkSocket(buf);
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (Exception e) {
                if (running) {
                    e.printStackTrace();
                }
            }
        }

        void stopAndJoin() throws InterruptedException {
            running = false;
            join();
        }
    }

    /** ICE checks as a browser sends them (RFC 8445 section 7.1.2) with integrity and fingerprint. */
    static final class Stun {
        static byte[] check(String username, String password) {
            byte[] user = username.getBytes(StandardCharsets.UTF_8);
            int userPadded = (user.length + 3) & ~3;
            int attrs = 4 + userPadded + 8 + 12 + 4; // USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE
            ByteBuffer b = ByteBuffer.allocate(20 + attrs + 24 + 8);
            byte[] txid = new byte[12];
            java.util.concurrent.ThreadLocalRandom.current().nextBytes(txid);
            b.putShort((short) 0x0001).putShort((short) (attrs + 24)).putInt(0x2112A442).put(txid);
            b.putShort((short) 0x0006).putShort((short) user.length).put(user);
            for (int i = user.length; i < userPadded; i++) {
                b.put((byte) 0);
            }
            b.putShort((short) 0x0024).putShort((short) 4).putInt(0x6e0001ff);
            b.putShort((short) 0x802A).putShort((short) 8).putLong(0x1122334455667788L);
            b.putShort((short) 0x0025).putShort((short) 0);
            try {
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
                mac.update(b.array(), 0, b.position());
                b.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            b.putShort(2, (short) (attrs + 24 + 8));
            CRC32 crc = new CRC32();
            crc.update(b.array(), 0, b.position());
            b.putShort((short) 0x8028).putShort((short) 4).putInt((int) (crc.getValue() ^ 0x5354554eL));
            return b.array();
        }
    }
}
