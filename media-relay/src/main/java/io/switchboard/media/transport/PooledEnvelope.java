package io.switchboard.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * A reusable addressed envelope for outgoing datagrams, so the send path allocates no DatagramPacket per
 * packet. Netty releases the message after writing it; our {@link #release()} releases the content and
 * returns the envelope to its endpoint's free list. Used on the endpoint's loop only.
 */
final class PooledEnvelope implements AddressedEnvelope<ByteBuf, InetSocketAddress> {
    private final ArrayDeque<PooledEnvelope> pool;
    private ByteBuf content;
    private InetSocketAddress recipient;
    private InetSocketAddress sender;

    private PooledEnvelope(ArrayDeque<PooledEnvelope> pool) {
        this.pool = pool;
    }

    /** An envelope from {@code pool} (or a new one when it is empty) carrying {@code content}. */
    static PooledEnvelope acquire(ArrayDeque<PooledEnvelope> pool, ByteBuf content, InetSocketAddress recipient,
            InetSocketAddress sender) {
        PooledEnvelope e = pool.pollFirst();
        if (e == null) {
            e = new PooledEnvelope(pool);
        }
        e.content = content;
        e.recipient = recipient;
        e.sender = sender;
        return e;
    }

    @Override
    public ByteBuf content() {
        return content;
    }

    @Override
    public InetSocketAddress sender() {
        return sender;
    }

    @Override
    public InetSocketAddress recipient() {
        return recipient;
    }

    @Override
    public int refCnt() {
        return content == null ? 0 : content.refCnt();
    }

    @Override
    public AddressedEnvelope<ByteBuf, InetSocketAddress> retain() {
        content.retain();
        return this;
    }

    @Override
    public AddressedEnvelope<ByteBuf, InetSocketAddress> retain(int increment) {
        content.retain(increment);
        return this;
    }

    @Override
    public AddressedEnvelope<ByteBuf, InetSocketAddress> touch() {
        content.touch();
        return this;
    }

    @Override
    public AddressedEnvelope<ByteBuf, InetSocketAddress> touch(Object hint) {
        content.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return release(1);
    }

    @Override
    public boolean release(int decrement) {
        ByteBuf c = content;
        if (c == null) {
            return false;
        }
        boolean freed = c.release(decrement);
        if (freed) {
            content = null;
            recipient = null;
            pool.offerFirst(this);
        }
        return freed;
    }
}
