package io.switchboard.media.webrtc.dtls;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.bouncycastle.tls.DatagramTransport;

/** The test client's end of an in-memory datagram link; {@code lose} drops chosen datagrams it sends. */
final class MemoryLink implements DatagramTransport {
    final LinkedBlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
    private final Consumer<byte[]> peer;
    private final IntPredicate lose;
    private int sent;

    MemoryLink(Consumer<byte[]> peer, IntPredicate lose) {
        this.peer = peer;
        this.lose = lose;
    }

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
            byte[] d = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
            if (d == null) {
                return -1;
            }
            System.arraycopy(d, 0, buf, off, d.length);
            return d.length;
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (!lose.test(sent++)) {
            peer.accept(java.util.Arrays.copyOfRange(buf, off, off + len));
        }
    }

    @Override
    public void close() {
    }
}
