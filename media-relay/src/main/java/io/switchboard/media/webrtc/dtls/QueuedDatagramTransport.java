package io.switchboard.media.webrtc.dtls;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The datagram transport bctls reads and writes during a handshake, fed from the media loop: the loop
 * {@link #offer}s each DTLS datagram the demultiplexer set aside, and bctls' blocking {@link #receive} takes it
 * from the queue on the handshake thread; what bctls sends is handed to {@code wire}, which hops back onto the
 * loop to write it on the endpoint's socket. The queue is the only state both threads touch.
 */
final class QueuedDatagramTransport implements DatagramTransport {
    /** RFC 8261's advice for UDP without path MTU discovery; bctls fragments handshake messages to fit. */
    private static final int SEND_LIMIT = 1200;
    private static final int RECEIVE_LIMIT = 2048;
    /** Datagrams waiting for the handshake thread; more means a flood, and the rest are dropped. */
    private static final int QUEUE_LIMIT = 64;
    private static final byte[] CLOSED = new byte[0];

    private final LinkedBlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private final Consumer<byte[]> wire;
    private volatile boolean closed;

    QueuedDatagramTransport(Consumer<byte[]> wire) {
        this.wire = wire;
    }

    /** From the loop: a DTLS datagram for the handshake; false when the queue is full (dropped). */
    boolean offer(byte[] datagram) {
        return !closed && inbound.offer(datagram);
    }

    boolean hasPending() {
        return !inbound.isEmpty();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    /** Blocks the handshake thread up to {@code waitMillis}; -1 on timeout, which bctls retransmits on. */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("endpoint closed");
        }
        byte[] datagram;
        try {
            datagram = inbound.poll(Math.max(waitMillis, 0), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (datagram == null) {
            return -1;
        }
        if (datagram == CLOSED || closed) {
            throw new IOException("endpoint closed");
        }
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("endpoint closed");
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        wire.accept(copy);
    }

    /** Wakes a blocked receive and fails every later one. */
    @Override
    public void close() {
        closed = true;
        inbound.clear();
        inbound.offer(CLOSED);
    }
}
