package io.switchboard.bench.webrtc.calls;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One thread reading many non-blocking UDP sockets on one selector, handing each datagram (flipped, at least two
 * bytes, valid until the handler returns) to its socket's handler. Sockets are registered from any thread.
 */
public final class DatagramReader implements AutoCloseable {
    private record Registration(DatagramChannel channel, Consumer<ByteBuffer> handler) {
    }

    private final Selector selector;
    private final ConcurrentLinkedQueue<Registration> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean reading = true;

    public DatagramReader(String threadName) throws Exception {
        selector = Selector.open();
        thread = new Thread(this::readLoop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands {@code channel} to the reading thread, which registers it between selects. */
    public void register(DatagramChannel channel, Consumer<ByteBuffer> handler) {
        pending.add(new Registration(channel, handler));
        selector.wakeup();
    }

    @SuppressWarnings("unchecked")
    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        try {
            while (reading) {
                selector.select(50);
                for (Registration r; (r = pending.poll()) != null; ) {
                    if (r.channel().isOpen()) {
                        r.channel().register(selector, SelectionKey.OP_READ, r.handler());
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Consumer<ByteBuffer> handler = (Consumer<ByteBuffer>) key.attachment();
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    while (key.isValid()) {
                        buf.clear();
                        if (ch.receive(buf) == null) {
                            break;
                        }
                        buf.flip();
                        if (buf.remaining() >= 2) {
                            handler.accept(buf);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (Exception e) {
            if (reading) {
                e.printStackTrace();
            }
        }
    }

    @Override
    public void close() throws Exception {
        reading = false;
        selector.wakeup();
        thread.join();
        selector.close();
    }
}
