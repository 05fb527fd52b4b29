package io.switchboard.bench.webrtc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import io.switchboard.media.webrtc.dtls.DtlsFailure;
import io.switchboard.media.webrtc.dtls.DtlsHandshake;
import io.switchboard.media.webrtc.srtp.SrtpKeys;
import io.switchboard.media.webrtc.srtp.SrtpProfile;
import io.switchboard.media.webrtc.srtp.SrtpReceiveNode;
import io.switchboard.media.webrtc.srtp.SrtpSendNode;
import io.switchboard.media.webrtc.srtp.SrtpSession;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The WebRTC endpoint's crypto costs, measured on the relay's own classes:
 * <ul>
 * <li>{@code srtpProtectUnprotect}: one 172-byte G.711 RTP packet (20 ms of audio) through the send node
 * (SRTP protect into a new pooled buffer) and back through the receive node (authenticate, replay check,
 * decrypt), per profile - what a bridged WebRTC call costs per packet and direction.</li>
 * <li>{@code dtlsHandshake}: one complete DTLS 1.2 handshake with use_srtp and mutual ECDSA P-256
 * certificates, our server against our client over an in-memory link, both in this JVM: both ends' crypto
 * counts, so the relay's share is about half.</li>
 * </ul>
 */
public class WebRtcBenchmarks {

    @State(Scope.Thread)
    public static class Srtp {
        @Param({"AES128_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
        public SrtpProfile profile;

        final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        final byte[] rtp = new byte[172];
        SrtpSendNode out;
        SrtpReceiveNode in;
        int seq;

        @Setup(Level.Trial)
        public void keys() {
            byte[] material = new byte[profile.materialLength()];
            new Random(1).nextBytes(material);
            SrtpKeys keys = SrtpKeys.fromExporter(profile, material, false);
            out = new SrtpSendNode();
            out.keyed(new SrtpSession(keys));
            in = new SrtpReceiveNode();
            in.keyed(new SrtpSession(keys.reversed()));
            Random random = new Random(2);
            for (int i = 12; i < rtp.length; i++) {
                rtp[i] = (byte) random.nextInt(256);
            }
            rtp[0] = (byte) 0x80;
            rtp[8] = 0x12;
            rtp[11] = 0x34;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int srtpProtectUnprotect(Srtp s) {
        int seq = ++s.seq;
        s.rtp[2] = (byte) (seq >>> 8);
        s.rtp[3] = (byte) seq;
        int ts = seq * 160;
        s.rtp[4] = (byte) (ts >>> 24);
        s.rtp[5] = (byte) (ts >>> 16);
        s.rtp[6] = (byte) (ts >>> 8);
        s.rtp[7] = (byte) ts;
        ByteBuf plain = s.alloc.directBuffer(200);
        plain.writeBytes(s.rtp);
        ByteBuf wire = s.out.protect(plain, false, s.alloc);
        boolean ok = s.in.unprotect(wire, false);
        int n = wire.readableBytes();
        wire.release();
        if (!ok) {
            throw new IllegalStateException("unprotect failed at " + seq);
        }
        return n;
    }

    @State(Scope.Benchmark)
    public static class Dtls {
        final DtlsCertificate server = DtlsCertificate.generate("bench-relay");
        final DtlsCertificate client = DtlsCertificate.generate("bench-browser");
        ExecutorService executor;

        @Setup(Level.Trial)
        public void start() {
            executor = Executors.newCachedThreadPool();
        }

        @TearDown(Level.Trial)
        public void stop() {
            executor.shutdownNow();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public SrtpKeys dtlsHandshake(Dtls d) throws Exception {
        CompletableFuture<SrtpKeys> serverKeys = new CompletableFuture<>();
        CompletableFuture<SrtpKeys> clientKeys = new CompletableFuture<>();
        DtlsHandshake[] pair = new DtlsHandshake[2];
        pair[0] = new DtlsHandshake(false, d.server, d.client.fingerprint(), d.executor, b -> pair[1].offer(b),
                outcome(serverKeys), 10_000);
        pair[1] = new DtlsHandshake(true, d.client, d.server.fingerprint(), d.executor, b -> pair[0].offer(b),
                outcome(clientKeys), 10_000);
        pair[1].start();
        SrtpKeys keys = serverKeys.get(10, TimeUnit.SECONDS);
        clientKeys.get(10, TimeUnit.SECONDS);
        pair[0].close();
        pair[1].close();
        return keys;
    }

    private static DtlsHandshake.Outcome outcome(CompletableFuture<SrtpKeys> done) {
        return new DtlsHandshake.Outcome() {
            @Override
            public void secure(SrtpKeys keys) {
                done.complete(keys);
            }

            @Override
            public void failed(DtlsFailure reason, String detail) {
                done.completeExceptionally(new IllegalStateException(reason + ": " + detail));
            }
        };
    }
}
