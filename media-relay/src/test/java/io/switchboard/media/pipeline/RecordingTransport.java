package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.switchboard.media.codec.PacketKind;
import io.switchboard.media.transport.DatagramReceiver;
import io.switchboard.media.transport.MediaTransport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A transport without sockets for path tests: it keeps what is sent (copies of the bytes, with the
 * destination) and releases the packets as a socket write would, records pinning, and takes the handshake
 * datagrams of {@code takes} (none by default, like plain RTP).
 */
final class RecordingTransport implements MediaTransport {
    record Sent(byte[] bytes, InetSocketAddress to, boolean control) {
    }

    final List<Sent> sent = new ArrayList<>();
    final List<PacketKind> handshakes = new ArrayList<>();
    PacketKind takes;
    InetSocketAddress pinnedTo;
    int unpins;
    DatagramReceiver receiver;

    @Override
    public void deliverTo(DatagramReceiver r) {
        this.receiver = r;
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 20000);
    }

    @Override
    public ByteBufAllocator alloc() {
        return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    public void send(ByteBuf packet, InetSocketAddress destination) {
        keep(packet, destination, false);
    }

    @Override
    public void sendControl(ByteBuf packet, InetSocketAddress rtpDestination, boolean muxed, int remoteRtcpPort) {
        keep(packet, muxed ? rtpDestination : new InetSocketAddress(rtpDestination.getAddress(), remoteRtcpPort), true);
    }

    private void keep(ByteBuf packet, InetSocketAddress to, boolean control) {
        byte[] bytes = new byte[packet.readableBytes()];
        packet.getBytes(packet.readerIndex(), bytes);
        packet.release();
        sent.add(new Sent(bytes, to, control));
    }

    @Override
    public void pin(InetSocketAddress peer) {
        pinnedTo = peer;
    }

    @Override
    public void unpin() {
        pinnedTo = null;
        unpins++;
    }

    @Override
    public boolean offerHandshake(PacketKind kind, ByteBuf datagram, InetSocketAddress sender) {
        handshakes.add(kind);
        if (kind != takes) {
            return false;
        }
        datagram.release();
        return true;
    }

    @Override
    public void close(Runnable afterClose) {
        afterClose.run();
    }
}
