package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.sdp.NegotiatedAudio;
import io.switchboard.media.transport.MediaTransport;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * An endpoint's send path, one node per step, each counting what it drops:
 *
 * <pre>
 * source (bridge, mixer, player, DTMF sender) -> priority -> payload-map -> transcode -> rewrite -> taps -> wire
 * </pre>
 *
 * <p>The path keeps what every packet reads (see {@link PathNode}): the destination the receive path's
 * latch gives it, the lowest priority the gate admits, the negotiated payload types and law, the tap and
 * the transport; it applies each node's rule to them in {@link #send}, in path order, and reads a node only
 * when the node drops the packet or acts on it. It counts the packets and bytes that leave, and the events
 * among them; every node's in and out follow from those and the drops.
 *
 * <p>The path takes ownership of every packet: the node that drops one releases it, else the transport
 * does once it is written. Packets are changed in place (payload type, law, SSRC, sequence, timestamp);
 * nothing here allocates per packet. Loop-confined.
 */
public final class SendPath {
    // what every packet reads or writes, in the order it does
    /** The latched source, else the signalled address, else null; set by the receive path. */
    private InetSocketAddress destination;
    /** {@link PriorityGate#lowestAdmitted()}, kept up to date on every change of the gate. */
    private int lowestAdmitted = PriorityGate.NONE_ADMITTED;
    private int codecPayloadType;
    private int eventPayloadType = -1;
    private AudioCodec codec = AudioCodec.PCMU;
    private final OutboundStream rewriter;
    private RtpObserver tap;
    /** Forks of the sent audio (live media streams), besides the one tap; loop-confined. */
    private final java.util.List<RtpObserver> sentForks = new java.util.ArrayList<>(1);
    private long packets;
    private long bytes;
    /** RFC 4733 event packets among {@link #packets}: they skip the taps. */
    private long events;
    private final MediaTransport transport;

    private final PriorityGate priority = new PriorityGate();
    private final PayloadMapper payloadMap = new PayloadMapper();
    private final Transcoder transcoder = new Transcoder();
    private final SentAudioTap taps;
    private final WireOutput wire = new WireOutput();

    /**
     * @param receive the same endpoint's receive path, whose latch says where to send
     * @param ssrc our outgoing stream's SSRC
     */
    public SendPath(String owner, MediaTransport transport, ReceivePath receive, long ssrc) {
        this.transport = transport;
        this.rewriter = new OutboundStream(ssrc);
        this.taps = new SentAudioTap(owner);
        receive.feeds(this);
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
        // priority
        InetSocketAddress to = destination;
        if (sourcePriority < lowestAdmitted || to == null) {
            priority.admit(sourcePriority, to); // counts the reason
            packet.release();
            rewriter.interrupt(source);
            return;
        }
        // payload-map
        boolean audio = payloadCodec != null;
        if (!PayloadMapper.map(packet, !audio, codecPayloadType, eventPayloadType)) {
            payloadMap.drop();
            packet.release();
            return;
        }
        // transcode
        if (Transcoder.needed(payloadCodec, codec)) {
            transcoder.convert(packet, payloadCodec);
        }
        // rewrite
        long now = System.nanoTime();
        rewriter.rewrite(packet, source, now, durationSamples);
        // taps
        RtpObserver t = tap;
        if (!audio) {
            events++;
        } else if (t != null) {
            SentAudioTap.show(t, taps, packet, codec, now);
        }
        if (audio) {
            for (int i = 0; i < sentForks.size(); i++) {
                SentAudioTap.show(sentForks.get(i), taps, packet, codec, now);
            }
        }
        // wire
        packets++;
        bytes += packet.readableBytes();
        transport.send(packet, to);
    }

    /** Where the receive path's latch says to send now. */
    void destination(InetSocketAddress where) {
        this.destination = where;
    }

    /** Applies a remote description: payload numbers, law and direction. */
    public void configure(NegotiatedAudio audio) {
        priority.configure(true, audio.localDirection().sends());
        lowestAdmitted = priority.lowestAdmitted();
        codecPayloadType = audio.codecPayloadType();
        eventPayloadType = audio.telephoneEventPayloadType();
        codec = audio.codec();
    }

    /** Nothing is sent any more; the tap goes. */
    public void close() {
        priority.configure(false, false);
        lowestAdmitted = priority.lowestAdmitted();
        tap = null;
        sentForks.clear();
    }

    /** Adds a fork of the sent audio; it reads each audio packet and must not keep it. */
    public void addSentFork(RtpObserver fork) {
        sentForks.add(fork);
    }

    public void removeSentFork(RtpObserver fork) {
        sentForks.remove(fork);
    }

    public void claim(int sourcePriority) {
        priority.claim(sourcePriority);
        lowestAdmitted = priority.lowestAdmitted();
    }

    public void unclaim(int sourcePriority) {
        priority.unclaim(sourcePriority);
        lowestAdmitted = priority.lowestAdmitted();
    }

    /** True when a source above {@code sourcePriority} is active. */
    public boolean muted(int sourcePriority) {
        return priority.muted(sourcePriority);
    }

    /** Sets the one observer of sent audio; null removes it. */
    public void setSentAudioObserver(RtpObserver observer) {
        tap = observer;
    }

    public RtpObserver sentAudioObserver() {
        return tap;
    }

    /** The continuous outgoing stream (its SSRC and counts go into our RTCP reports). */
    public OutboundStream outbound() {
        return rewriter;
    }

    /** Where packets go now: the latched source, else the signalled address, else null. */
    public InetSocketAddress destination() {
        return destination;
    }

    public long packetsOut() {
        return packets;
    }

    public long bytesOut() {
        return bytes;
    }

    /** Packets not sent: gated, or events to a peer without RFC 4733. */
    public long dropped() {
        return priority.dropped() + payloadMap.dropped();
    }

    /** Each node's counters, in path order; each node's in is the out of the node before it. */
    public List<PathNodeCounters> counters() {
        PathNodeCounters gated = priority.counters(packets + priority.dropped() + payloadMap.dropped());
        PathNodeCounters mapped = payloadMap.counters(gated.out());
        return List.of(gated, mapped, transcoder.counters(mapped.out()), rewriter.counters(mapped.out()),
                taps.counters(packets - events), wire.counters(packets));
    }
}
