package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.sdp.NegotiatedAudio;
import io.switchboard.media.transport.MediaTransport;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * An endpoint's send path, one node per step, each counting what it lets through and drops:
 *
 * <pre>
 * source (bridge, mixer, player, DTMF sender) -> priority -> payload-map -> transcode -> rewrite -> taps -> wire
 * </pre>
 *
 * <p>The path takes ownership of every packet: the node that drops one releases it, else the transport
 * does once it is written. Packets are changed in place (payload type, law, SSRC, sequence, timestamp);
 * nothing here allocates per packet. Loop-confined.
 */
public final class SendPath {
    private final SourceLatch latch;
    private final PriorityGate priority = new PriorityGate();
    private final PayloadMapper payloadMap = new PayloadMapper();
    private final Transcoder transcoder = new Transcoder();
    private final OutboundStream rewriter;
    private final SentAudioTap taps;
    private final WireOutput wire;
    private AudioCodec codec = AudioCodec.PCMU;

    /**
     * Creates the nodes in path order, so they lie side by side on the heap (see {@link PathNode}).
     *
     * @param receive the same endpoint's receive path, whose latch says where to send
     * @param ssrc our outgoing stream's SSRC
     */
    public SendPath(String owner, MediaTransport transport, ReceivePath receive, long ssrc) {
        this.latch = receive.latch();
        this.rewriter = new OutboundStream(ssrc);
        this.taps = new SentAudioTap(owner);
        this.wire = new WireOutput(transport);
    }

    /**
     * Sends one RTP packet to the peer and takes ownership of it.
     *
     * @param payloadCodec the law of the audio payload, or null for an RFC 4733 event packet
     * @param source who produced it (identity decides where the outgoing stream is continued from)
     * @param sourcePriority one of {@link SourcePriority}
     * @param durationSamples samples the packet covers, used when the source changes
     */
    public void send(ByteBuf packet, AudioCodec payloadCodec, Object source, int sourcePriority,
            int durationSamples) {
        InetSocketAddress destination = latch.destination();
        if (!priority.admit(sourcePriority, destination)) {
            packet.release();
            rewriter.interrupt();
            return;
        }
        boolean audio = payloadCodec != null;
        if (!payloadMap.map(packet, !audio)) {
            packet.release();
            return;
        }
        transcoder.apply(packet, payloadCodec);
        long now = System.nanoTime();
        rewriter.rewrite(packet, source, now, durationSamples);
        if (audio) {
            taps.show(packet, codec, now);
        }
        wire.send(packet, destination);
    }

    /** Applies a remote description: payload numbers, law and direction. */
    public void configure(NegotiatedAudio audio) {
        priority.configure(true, audio.localDirection().sends());
        payloadMap.negotiated(audio.codecPayloadType(), audio.telephoneEventPayloadType());
        transcoder.target(audio.codec());
        codec = audio.codec();
    }

    /** Nothing is sent any more; the tap goes. */
    public void close() {
        priority.configure(false, false);
        taps.set(null);
    }

    public void claim(int sourcePriority) {
        priority.claim(sourcePriority);
    }

    public void unclaim(int sourcePriority) {
        priority.unclaim(sourcePriority);
    }

    /** True when a source above {@code sourcePriority} is active. */
    public boolean muted(int sourcePriority) {
        return priority.muted(sourcePriority);
    }

    /** Sets the one observer of sent audio; null removes it. */
    public void setSentAudioObserver(RtpObserver observer) {
        taps.set(observer);
    }

    public RtpObserver sentAudioObserver() {
        return taps.get();
    }

    /** The continuous outgoing stream (its SSRC and counts go into our RTCP reports). */
    public OutboundStream outbound() {
        return rewriter;
    }

    /** Where packets go now: the latched source, else the signalled address, else null. */
    public InetSocketAddress destination() {
        return latch.destination();
    }

    public long packetsOut() {
        return wire.packets();
    }

    public long bytesOut() {
        return wire.bytes();
    }

    /** Packets not sent: gated, or events to a peer without RFC 4733. */
    public long dropped() {
        return priority.dropped() + payloadMap.dropped();
    }

    /** Each node's counters, in path order. */
    public List<PathNodeCounters> counters() {
        return List.of(priority.counters(), payloadMap.counters(), transcoder.counters(), rewriter.counters(),
                taps.counters(), wire.counters());
    }
}
