package io.switchboard.media.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.webrtc.srtp.SrtpKeys;
import io.switchboard.media.webrtc.srtp.SrtpProfile;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Our DTLS server and client against a bctls peer of the test's own over an in-memory link. These run on
 * real threads (bctls blocks), so they wait on the outcome with a bound, never sleep.
 */
class DtlsHandshakeTest {
    final ExecutorService executor = Executors.newCachedThreadPool();
    final DtlsCertificate ours = DtlsCertificate.generate("relay");
    final DtlsCertificate peerCert = DtlsTestClient.newCertificate();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Our side's outcome, completed by the handshake. */
    static final class Result implements DtlsHandshake.Outcome {
        final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
        final AtomicReference<DtlsFailure> failure = new AtomicReference<>();

        @Override
        public void secure(SrtpKeys k) {
            keys.complete(k);
        }

        @Override
        public void failed(DtlsFailure reason, String detail) {
            failure.set(reason);
            keys.completeExceptionally(new IllegalStateException(reason + ": " + detail));
        }
    }

    @Test
    void serverHandshakeWithABctlsClientExportsMatchingKeysAndPrefersGcm() throws Exception {
        Result result = new Result();
        MemoryLink[] link = new MemoryLink[1];
        DtlsHandshake server = new DtlsHandshake(false, ours, peerCert.fingerprint(), executor,
                d -> link[0].inbound.add(d), result, 10_000);
        link[0] = new MemoryLink(server::offer, n -> false);
        CompletableFuture<SrtpKeys> client = CompletableFuture.supplyAsync(() -> connect(
                new DtlsTestClient(peerCert, ours.fingerprint(), SrtpProfile.AES128_CM_HMAC_SHA1_80,
                        SrtpProfile.AEAD_AES_128_GCM), link[0]), executor);
        SrtpKeys serverKeys = result.keys.get(20, TimeUnit.SECONDS);
        SrtpKeys clientKeys = client.get(20, TimeUnit.SECONDS);
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, serverKeys.profile());
        assertArrayEquals(clientKeys.localKey(), serverKeys.remoteKey());
        assertArrayEquals(clientKeys.localSalt(), serverKeys.remoteSalt());
        assertArrayEquals(serverKeys.localKey(), clientKeys.remoteKey());
        assertEquals(DtlsHandshake.State.SECURE, server.state());
    }

    @Test
    void aLateDatagramAfterTheHandshakeIsReadAndTheThreadIsFreedAgain() throws Exception {
        Result result = new Result();
        MemoryLink[] link = new MemoryLink[1];
        AtomicReference<byte[]> lastFromClient = new AtomicReference<>();
        DtlsHandshake server = new DtlsHandshake(false, ours, peerCert.fingerprint(), executor,
                d -> link[0].inbound.add(d), result, 10_000);
        link[0] = new MemoryLink(d -> {
            lastFromClient.set(d);
            server.offer(d);
        }, n -> false);
        CompletableFuture<SrtpKeys> client = CompletableFuture.supplyAsync(() -> connect(
                new DtlsTestClient(peerCert, ours.fingerprint(), SrtpProfile.AES128_CM_HMAC_SHA1_80), link[0]),
                executor);
        result.keys.get(20, TimeUnit.SECONDS);
        client.get(20, TimeUnit.SECONDS);
        // the client's final flight again, as a peer retransmits it when our last flight was slow to arrive
        server.offer(lastFromClient.get());
        java.util.concurrent.ThreadPoolExecutor pool = (java.util.concurrent.ThreadPoolExecutor) executor;
        io.switchboard.testkit.Await.until("the drain task ends", java.time.Duration.ofSeconds(5),
                () -> pool.getActiveCount() == 0);
        assertEquals(DtlsHandshake.State.SECURE, server.state());
    }

    @Test
    void aClientOfferingOnlyAesCmGetsAesCm() throws Exception {
        Result result = new Result();
        MemoryLink[] link = new MemoryLink[1];
        DtlsHandshake server = new DtlsHandshake(false, ours, peerCert.fingerprint(), executor,
                d -> link[0].inbound.add(d), result, 10_000);
        link[0] = new MemoryLink(server::offer, n -> false);
        executor.execute(() -> connect(new DtlsTestClient(peerCert, null, SrtpProfile.AES128_CM_HMAC_SHA1_80),
                link[0]));
        assertEquals(SrtpProfile.AES128_CM_HMAC_SHA1_80, result.keys.get(20, TimeUnit.SECONDS).profile());
    }

    @Test
    void aPeerCertificateThatDoesNotMatchItsFingerprintFailsWithoutKeys() throws Exception {
        Result result = new Result();
        DtlsCertificate impostor = DtlsTestClient.newCertificate();
        MemoryLink[] link = new MemoryLink[1];
        DtlsHandshake server = new DtlsHandshake(false, ours, peerCert.fingerprint(), executor,
                d -> link[0].inbound.add(d), result, 10_000);
        link[0] = new MemoryLink(server::offer, n -> false);
        executor.execute(() -> connect(new DtlsTestClient(impostor, null, SrtpProfile.AES128_CM_HMAC_SHA1_80),
                link[0]));
        assertThrows(ExecutionException.class, () -> result.keys.get(20, TimeUnit.SECONDS));
        assertEquals(DtlsFailure.FINGERPRINT_MISMATCH, result.failure.get());
        assertEquals(DtlsHandshake.State.FAILED, server.state());
    }

    @Test
    void asClientWeRejectAServerWhoseCertificateIsNotTheAnnouncedOne() throws Exception {
        Result result = new Result();
        DtlsCertificate announced = DtlsCertificate.generate("announced");
        DtlsCertificate actual = DtlsCertificate.generate("actual");
        // our client against our own server code with another certificate
        Result serverResult = new Result();
        DtlsHandshake[] pair = new DtlsHandshake[2];
        pair[0] = new DtlsHandshake(true, ours, announced.fingerprint(), executor, d -> pair[1].offer(d), result,
                10_000);
        pair[1] = new DtlsHandshake(false, actual, ours.fingerprint(), executor, d -> pair[0].offer(d),
                serverResult, 10_000);
        pair[0].start();
        assertThrows(ExecutionException.class, () -> result.keys.get(20, TimeUnit.SECONDS));
        assertEquals(DtlsFailure.FINGERPRINT_MISMATCH, result.failure.get());
    }

    @Test
    void ourClientAndServerAgreeWhenFingerprintsMatch() throws Exception {
        DtlsCertificate other = DtlsCertificate.generate("other");
        Result client = new Result();
        Result server = new Result();
        DtlsHandshake[] pair = new DtlsHandshake[2];
        pair[0] = new DtlsHandshake(true, ours, other.fingerprint(), executor, d -> pair[1].offer(d), client,
                10_000);
        pair[1] = new DtlsHandshake(false, other, ours.fingerprint(), executor, d -> pair[0].offer(d), server,
                10_000);
        pair[0].start();
        SrtpKeys c = client.keys.get(20, TimeUnit.SECONDS);
        SrtpKeys s = server.keys.get(20, TimeUnit.SECONDS);
        assertArrayEquals(c.localKey(), s.remoteKey());
        assertArrayEquals(s.localKey(), c.remoteKey());
    }

    @Test
    void aLostClientFlightIsRetransmitted() throws Exception {
        Result result = new Result();
        MemoryLink[] link = new MemoryLink[1];
        DtlsHandshake server = new DtlsHandshake(false, ours, peerCert.fingerprint(), executor,
                d -> link[0].inbound.add(d), result, 10_000);
        link[0] = new MemoryLink(server::offer, n -> n == 0 || n == 1); // the first ClientHello and the next
        executor.execute(() -> connect(new DtlsTestClient(peerCert, null, SrtpProfile.AES128_CM_HMAC_SHA1_80),
                link[0]));
        assertTrue(result.keys.get(30, TimeUnit.SECONDS) != null);
    }

    @Test
    void aClientWithNobodyAnsweringTimesOut() throws Exception {
        Result result = new Result();
        DtlsHandshake client = new DtlsHandshake(true, ours, peerCert.fingerprint(), executor, d -> { }, result,
                1_500);
        client.start();
        assertThrows(ExecutionException.class, () -> result.keys.get(20, TimeUnit.SECONDS));
        assertEquals(DtlsFailure.TIMEOUT, result.failure.get());
    }

    @Test
    void closingStopsAWaitingHandshakeWithoutAnOutcome() throws Exception {
        Result result = new Result();
        DtlsHandshake client = new DtlsHandshake(true, ours, peerCert.fingerprint(), executor, d -> { }, result,
                10_000);
        client.start();
        client.close();
        assertEquals(DtlsHandshake.State.CLOSED, client.state());
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "the handshake thread ended");
        assertTrue(result.failure.get() == null && !result.keys.isDone());
    }

    private static SrtpKeys connect(DtlsTestClient client, MemoryLink link) {
        try {
            return client.connect(link);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
