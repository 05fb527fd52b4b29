package io.switchboard.media.webrtc.dtls;

import io.switchboard.media.sdp.Fingerprint;
import io.switchboard.media.webrtc.srtp.SrtpKeys;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * One endpoint's DTLS 1.2 association (RFC 6347) for DTLS-SRTP (RFC 5764), as server or client.
 *
 * <p>Why a thread: bctls' {@code DTLSServerProtocol.accept} and {@code DTLSClientProtocol.connect} block until
 * the handshake ends, reading with timeouts to drive retransmission. A media loop must never block, so the
 * handshake runs on a small bounded executor shared by all endpoints; the loop feeds it the DTLS datagrams it
 * receives through a {@link QueuedDatagramTransport}, and what bctls sends hops back onto the loop. When the
 * handshake ends, the keys (or the failure) are handed to {@code outcome}, which the transport passes back
 * onto its loop: SRTP itself runs only there. After the handshake, a late datagram (the peer retransmitting
 * its last flight, or close_notify) is read by a short task on the same executor, never two at once.
 *
 * <p>The state is the only field both threads write; it moves IDLE -> RUNNING -> SECURE | FAILED, and any
 * state -> CLOSED.
 */
public final class DtlsHandshake {
    /** The lifecycle, shared between the loop and the handshake thread (hence atomic). */
    public enum State { IDLE, RUNNING, SECURE, FAILED, CLOSED }

    /** How the handshake ends; called on the handshake thread (implementations hop onto their loop). */
    public interface Outcome {
        void secure(SrtpKeys keys);

        void failed(DtlsFailure reason, String detail);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean client;
    private final DtlsCertificate certificate;
    private final FingerprintCheck check;
    private final Executor executor;
    private final Outcome outcome;
    private final int timeoutMillis;
    private final QueuedDatagramTransport transport;
    private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile DTLSTransport association;

    /**
     * @param client true for a=setup:active (we send the ClientHello)
     * @param remote the fingerprint the peer's SDP announced
     * @param wire sends one datagram to the peer; called on the handshake thread
     * @param timeoutMillis the whole handshake's limit, retransmissions included
     */
    public DtlsHandshake(boolean client, DtlsCertificate certificate, Fingerprint remote, Executor executor,
            Consumer<byte[]> wire, Outcome outcome, int timeoutMillis) {
        this.client = client;
        this.certificate = certificate;
        this.check = new FingerprintCheck(remote);
        this.executor = executor;
        this.outcome = outcome;
        this.timeoutMillis = timeoutMillis;
        this.transport = new QueuedDatagramTransport(wire);
    }

    public boolean client() {
        return client;
    }

    public State state() {
        return state.get();
    }

    /** Starts the handshake on the executor; a server waits there for the ClientHello. */
    public void start() {
        if (!state.compareAndSet(State.IDLE, State.RUNNING)) {
            return;
        }
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            end(DtlsFailure.FAILED, "handshake executor is full");
        }
    }

    /**
     * From the loop: a DTLS datagram from the peer. A server starts its handshake on the first one; after the
     * handshake it is read by a drain task.
     */
    public void offer(byte[] datagram) {
        State s = state.get();
        if (s == State.FAILED || s == State.CLOSED) {
            return;
        }
        transport.offer(datagram);
        if (s == State.IDLE && !client) {
            start();
        } else if (s == State.SECURE) {
            drainLater();
        }
    }

    private void run() {
        BcTlsCrypto crypto = new BcTlsCrypto(RANDOM);
        try {
            SrtpKeys keys;
            if (client) {
                DtlsSrtpClient peer = new DtlsSrtpClient(crypto, certificate, check, timeoutMillis);
                association = new DTLSClientProtocol().connect(peer, transport);
                keys = peer.keys();
            } else {
                DtlsSrtpServer peer = new DtlsSrtpServer(crypto, certificate, check, timeoutMillis);
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                protocol.setVerifyRequests(false); // ICE already proved the address (RFC 8842 section 5)
                association = protocol.accept(peer, transport);
                keys = peer.keys();
            }
            if (state.compareAndSet(State.RUNNING, State.SECURE)) {
                outcome.secure(keys);
                if (transport.hasPending()) {
                    drainLater();
                }
            }
        } catch (TlsTimeoutException e) {
            end(DtlsFailure.TIMEOUT, "no DTLS handshake within " + timeoutMillis + " ms");
        } catch (IOException | RuntimeException e) {
            if (check.mismatched()) {
                end(DtlsFailure.FINGERPRINT_MISMATCH, e.getMessage());
            } else if (state.get() != State.CLOSED) {
                end(DtlsFailure.FAILED, describe(e));
            }
        }
    }

    /** Reads post-handshake datagrams: bctls answers a retransmitted final flight; close_notify ends it. */
    private void drainLater() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    byte[] buf = new byte[2048];
                    while (transport.hasPending() && state.get() == State.SECURE) {
                        // a positive wait: bctls takes 0 as "no limit" and would spin on our empty queue for
                        // as long as the association lives, holding a handshake thread
                        if (association.receive(buf, 0, buf.length, 1) < 0 && !transport.hasPending()) {
                            break;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    if (state.compareAndSet(State.SECURE, State.FAILED)) {
                        outcome.failed(DtlsFailure.CLOSED, describe(e));
                    }
                } finally {
                    draining.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            draining.set(false);
        }
    }

    private void end(DtlsFailure reason, String detail) {
        State s = state.get();
        if (s != State.CLOSED && s != State.FAILED && state.compareAndSet(s, State.FAILED)) {
            transport.close();
            outcome.failed(reason, detail);
        }
    }

    /** Stops the handshake or the association; no outcome is reported after this. */
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        transport.close();
        DTLSTransport a = association;
        if (previous == State.SECURE && a != null) {
            executorClose(a);
        }
    }

    private void executorClose(DTLSTransport a) {
        try {
            executor.execute(() -> {
                try {
                    a.close(); // sends close_notify; the transport is closed, so it may go nowhere
                } catch (IOException | RuntimeException ignored) {
                    // the socket is going away anyway
                }
            });
        } catch (RejectedExecutionException ignored) {
            // shutting down
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof TlsFatalAlert alert) {
            return "fatal alert " + alert.getAlertDescription() + ": " + alert.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
