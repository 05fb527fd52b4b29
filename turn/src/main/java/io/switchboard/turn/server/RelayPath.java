package io.switchboard.turn.server;

import io.netty.buffer.ByteBuf;
import io.switchboard.turn.allocation.Allocation;
import io.switchboard.turn.allocation.ChannelBinding;
import io.switchboard.turn.allocation.PeerAddressFilter;
import io.switchboard.turn.stun.RelayFraming;
import java.net.InetSocketAddress;

/**
 * The relayed data both ways: Send indications (RFC 8656 section 10.2) and ChannelData (section 12.5) from
 * the client to peers, and datagrams from peers back as ChannelData when a channel is bound or as Data
 * indications (section 10.3) otherwise. Payloads to peers are slices of the received buffer; to the client
 * they are copied once into a pooled buffer behind the new header. No per-packet heap allocation besides
 * what Netty's datagram write itself needs.
 */
final class RelayPath {

    private final PeerAddressFilter filter;
    private final TurnCounters counters;
    /** Reused for every Send indication: the loop handles one at a time. */
    private final RelayFraming.SendIndication send = new RelayFraming.SendIndication();

    RelayPath(PeerAddressFilter filter, TurnCounters counters) {
        this.filter = filter;
        this.counters = counters;
    }

    /** Section 10.2. {@code buf} is not consumed. */
    void sendIndication(Allocation a, ByteBuf buf, long now) {
        // Step 1: XOR-PEER-ADDRESS and DATA must be there, else the indication is discarded.
        if (!RelayFraming.readSendIndication(buf, send)) {
            counters.dropped("malformed_send");
            return;
        }
        // Step 2: a permission for the peer's IP address must exist, else discarded.
        if (!a.permitted(send.peerIp, now)) {
            counters.dropped("no_permission");
            return;
        }
        // A permission is per address; this server's own ports on it stay closed.
        if (filter.ownPort(send.peerIp, send.peerPort)) {
            counters.dropped("own_port");
            return;
        }
        // Step 3: the DATA value goes to the peer as one UDP datagram (within the allocation's bandwidth).
        if (!a.spendToPeer(send.dataLength, now)) {
            counters.dropped("bandwidth");
            return;
        }
        toPeer(a, buf.retainedSlice(send.dataOffset, send.dataLength), a.peerAddress(send.peerIp, send.peerPort));
    }

    /** Section 12.5, receiving a ChannelData message from the client. {@code buf} is not consumed. */
    void channelData(Allocation a, ByteBuf buf, long now) {
        int length = RelayFraming.channelDataLength(buf);
        if (length < 0) {
            counters.dropped("malformed_channel_data");
            return;
        }
        // An unbound (or expired) channel number: discarded.
        ChannelBinding channel = a.channel(RelayFraming.channelNumber(buf), now);
        if (channel == null) {
            counters.dropped("no_channel");
            return;
        }
        if (!a.spendToPeer(length, now)) {
            counters.dropped("bandwidth");
            return;
        }
        toPeer(a, buf.retainedSlice(buf.readerIndex() + 4, length), channel.peer());
    }

    /** Section 10.3 and 12.6: a datagram from a peer on the relayed address. {@code payload} is not consumed. */
    void fromPeer(Allocation a, ByteBuf payload, InetSocketAddress sender, long now) {
        if (a.state() != Allocation.State.OPEN || !(sender.getAddress() instanceof java.net.Inet4Address)) {
            return; // an IPv6 sender can only reach a relay bound to "::"; no permission can name it
        }
        int ip = Allocation.ipv4(sender.getAddress());
        // Step 1: without a permission for the sender's address the datagram is discarded.
        if (!a.permitted(ip, now)) {
            counters.dropped("no_permission");
            return;
        }
        int length = payload.readableBytes();
        if (!a.spendToClient(length, now)) {
            counters.dropped("bandwidth");
            return;
        }
        // Step 2: a channel bound to the peer carries it as ChannelData, else a Data indication does.
        ChannelBinding channel = a.channelTo(ip, sender.getPort(), now);
        ByteBuf out = channel != null
                ? RelayFraming.channelData(a.client().alloc(), channel.number(), payload, a.client().stream())
                : RelayFraming.dataIndication(a.client().alloc(), ip, sender.getPort(), payload);
        a.client().send(out);
        counters.packetsToClient.increment();
        counters.bytesToClient.add(length);
    }

    private void toPeer(Allocation a, ByteBuf payload, InetSocketAddress peer) {
        int length = payload.readableBytes();
        a.relay().sendToPeer(payload, peer);
        counters.packetsToPeer.increment();
        counters.bytesToPeer.add(length);
    }
}
