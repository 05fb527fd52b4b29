package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.MediaSourcePolicy;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.PacketKind;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.sdp.NegotiatedAudio;
import io.switchboard.media.transport.DatagramReceiver;
import io.switchboard.media.transport.MediaTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An endpoint's receive path, one node per step, each counting what it drops:
 *
 * <pre>
 * transport -> demux (RFC 7983) -+-> validate -> latch -> payload -> stats -> observers -> consumer
 *                                +-> rtcp (the control branch)
 *                                +-> the transport again for STUN and DTLS (dropped by plain RTP)
 * </pre>
 *
 * <p>The path keeps what every packet reads (see {@link PathNode}): whether the stream is open, the
 * latched source, the negotiated payload types, the direction, when the peer was last heard, the
 * observers and the consumer; it applies each node's rule to them in {@link #rtp}, in path order, and
 * reads a node only when the node drops the packet or acts on it. It counts one thing per packet, the RTP
 * packets past the demux; every node's in and out follow from that and the drops before it.
 *
 * <p>Every datagram ends in exactly one place: released by the node that drops it, or owned by the consumer.
 * Nothing here allocates per packet. Loop-confined; a peer's bad input never throws out of
 * {@link #receive}.
 */
public final class ReceivePath implements DatagramReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivePath.class);

    // what every packet reads or writes, in the order it does
    /** RTP packets past the demux: the validator's in, and from it every node's after. */
    private long rtp;
    /** The validator's state: a remote description is known and the path is not closed. */
    private boolean open;
    /**
     * The sender object of the last packet admitted, which equals the latched source until the latch moves:
     * once the transport is pinned, Netty gives every datagram the channel's one remote address object, so
     * the latched source is recognised by identity without reading any address.
     */
    private InetSocketAddress admittedSender;
    /** The latched source's port (-1: nothing latched) and address, copied from the latch. */
    private int latchedPort = -1;
    private InetAddress latchedAddress;
    /**
     * True once the transport was asked to pin itself to the settled source, until the latch restarts; kept
     * here rather than asked of the transport, which then stays out of the cache on the receive side.
     */
    private boolean pinRequested;
    private int codecPayloadType = -1;
    private int eventPayloadType = -1;
    private long bytes;
    private long lastHeardNanos;
    private boolean timeoutReported;
    /** Our direction receives (RFC 3264 section 6.1); the meter holds back the rest. */
    private boolean receives;
    private final ReceiveStats stats;
    /** Every observer, shown RFC 4733 events; those not only after events are shown audio too. */
    private RtpObserver[] observerList = ObserverFanout.NONE;
    private RtpObserver[] audioObservers = ObserverFanout.NONE;
    private RtpConsumer consumerStage;
    /** The law of received audio, told to observers and the consumer. */
    private AudioCodec codec = AudioCodec.PCMU;

    private final String owner;
    private final MediaTransport transport;
    private final Demultiplexer demux = new Demultiplexer();
    private final RtpValidator validator = new RtpValidator();
    private final SourceLatch latch;
    private final PayloadFilter payload = new PayloadFilter();
    private final ReceiveMeter meter = new ReceiveMeter();
    private final ObserverFanout observers;
    private final ConsumerHandoff consumer;
    private final RtcpInput rtcp;
    /** The same endpoint's send path, told where to send whenever the latch may have moved. */
    private SendPath send;
    /** Datagrams whose processing threw before the hand-over to the consumer. */
    private long failed;

    /**
     * @param owner the endpoint's id, for the log
     * @param ourSsrc the SSRC of our outgoing stream, whose RTCP report blocks the control branch reads
     */
    public ReceivePath(String owner, MediaTransport transport, RtcpSession session, long ourSsrc, long nowNanos) {
        this(owner, transport, session, ourSsrc, nowNanos, new SourceDropTally());
    }

    /** @param drops the relay-wide count of packets refused for their source, added to as this path refuses */
    public ReceivePath(String owner, MediaTransport transport, RtcpSession session, long ourSsrc, long nowNanos,
            SourceDropTally drops) {
        this.owner = owner;
        this.latch = new SourceLatch(drops);
        this.transport = transport;
        this.stats = meter.stats();
        this.lastHeardNanos = nowNanos;
        this.observers = new ObserverFanout(owner);
        this.consumer = new ConsumerHandoff(owner);
        this.rtcp = new RtcpInput(latch, session, ourSsrc, drops);
    }

    @Override
    public void receive(ByteBuf datagram, InetSocketAddress sender, boolean controlPort, long arrivalNanos) {
        try {
            PacketKind kind = PacketKind.of(datagram); // the demux's rule; RTP, the common case, is counted here
            if (kind == PacketKind.RTP) {
                rtp++;
                rtp(datagram, sender, arrivalNanos);
            } else {
                other(demux.sort(kind, controlPort), datagram, sender, arrivalNanos);
            }
        } catch (RuntimeException e) {
            // thrown before the hand-over to the consumer, so the buffer is still ours
            failed++;
            if (datagram.refCnt() > 0) {
                datagram.release();
            }
            LOG.debug("endpoint {}: dropped a packet that failed processing", owner, e);
        }
    }

    private void other(PacketKind kind, ByteBuf datagram, InetSocketAddress sender, long arrivalNanos) {
        if (kind == PacketKind.RTCP) {
            if (rtcp.receive(datagram, sender, arrivalNanos)) {
                lastHeardNanos = arrivalNanos; // a sign of life, which does not re-arm a timeout reported
            }
        } else if (kind == PacketKind.UNKNOWN) {
            datagram.release();
        } else if (!transport.offerHandshake(kind, datagram, sender)) {
            demux.unclaimed(kind);
            datagram.release();
        }
    }

    private void rtp(ByteBuf packet, InetSocketAddress sender, long arrivalNanos) {
        // validate
        if (!RtpValidator.passes(open, packet)) {
            validator.drop(open);
            packet.release();
            return;
        }
        // latch: the latched source passes on the copy kept here, anything else asks the latch
        int pt = RtpHeader.payloadType(packet);
        if (sender != admittedSender) {
            if (sender.getPort() != latchedPort || !latchedAddress.equals(sender.getAddress())) {
                if (!latch.admit(sender, RtpHeader.ssrc(packet), pt, RtpHeader.sequence(packet), arrivalNanos)) {
                    packet.release();
                    return;
                }
                latchMoved(); // admitted: the sender is the latched source now
            }
            admittedSender = sender;
        }
        if (!pinRequested && latch.settled(arrivalNanos)) {
            pinRequested = true;
            transport.pin(latch.latched());
        }
        // payload
        int verdict = PayloadFilter.classify(pt, codecPayloadType, eventPayloadType);
        if (verdict == PayloadFilter.DROPPED) {
            payload.drop();
            packet.release();
            return;
        }
        // stats
        lastHeardNanos = arrivalNanos;
        timeoutReported = false;
        bytes += packet.readableBytes();
        ReceiveMeter.measure(stats, packet, arrivalNanos);
        if (!receives) {
            meter.holdBack();
            packet.release();
            return;
        }
        // observers, then the consumer
        boolean event = verdict == PayloadFilter.EVENT;
        RtpObserver[] list = event ? observerList : audioObservers;
        if (list.length > 0) {
            ObserverFanout.show(list, observers, packet, event, codec, arrivalNanos);
        }
        ConsumerHandoff.handOver(consumerStage, consumer, packet, event, codec, arrivalNanos);
    }

    /** Copies the latched source for the packets after, and tells the send path where to send. */
    private void latchMoved() {
        InetSocketAddress latched = latch.latched();
        InetAddress address = latched == null ? null : latched.getAddress();
        latchedPort = address == null ? -1 : latched.getPort(); // unresolved: every packet asks the latch
        latchedAddress = address;
        admittedSender = null;
        if (send != null) {
            send.destination(latch.destination());
        }
    }

    /** The send path of the same endpoint, which sends where the latch says. */
    void feeds(SendPath sendPath) {
        this.send = sendPath;
        sendPath.destination(latch.destination());
    }

    /** Which sources may be learned from the next remote description on (see {@link SourceLatch}). */
    public void sourcePolicy(MediaSourcePolicy sources) {
        latch.policy(sources);
    }

    /**
     * Applies a remote description (initial or re-INVITE): the latch restarts unless the address is the same,
     * and then the transport accepts every source again.
     *
     * @param signalled the resolved remote RTP address, or null for a hold address or one that did not resolve
     */
    public void configure(NegotiatedAudio audio, InetSocketAddress signalled, long nowNanos, long natWindowNanos) {
        latch.signal(signalled, audio.remoteSsrc(), audio.codecPayloadType(), audio.telephoneEventPayloadType(),
                nowNanos, natWindowNanos);
        if (latch.latched() == null) {
            pinRequested = false;
            transport.unpin();
        }
        latchMoved();
        codecPayloadType = audio.codecPayloadType();
        eventPayloadType = audio.telephoneEventPayloadType();
        receives = audio.localDirection().receives();
        codec = audio.codec();
        open = true;
    }

    /** Stops delivering: later packets are counted and dropped at validation; observers and consumer go. */
    public void close() {
        open = false;
        consumerStage = null;
        observerList = ObserverFanout.NONE;
        audioObservers = ObserverFanout.NONE;
    }

    public void addObserver(RtpObserver observer) {
        observerList = ObserverFanout.with(observerList, observer);
        audioObservers = ObserverFanout.ofAudio(observerList);
    }

    public void removeObserver(RtpObserver observer) {
        observerList = ObserverFanout.without(observerList, observer);
        audioObservers = ObserverFanout.ofAudio(observerList);
    }

    /** Sets the stage that takes ownership of received packets (null: they are released). */
    public void setConsumer(RtpConsumer c) {
        consumerStage = c;
    }

    public RtpConsumer consumer() {
        return consumerStage;
    }

    /** The observers' timers. */
    public void tick(long nowNanos) {
        ObserverFanout.tick(observerList, owner, nowNanos);
    }

    /** A new remote description: the media timeout waits afresh. */
    public void restartTimeout(long nowNanos) {
        lastHeardNanos = nowNanos;
        timeoutReported = false;
    }

    /**
     * True once per silence longer than {@code limitNanos} (RTP or RTCP from the peer ends a silence; only RTP
     * re-arms a report already made); the caller reports it.
     */
    public boolean timedOut(long nowNanos, long limitNanos) {
        if (!timeoutReported && nowNanos - lastHeardNanos > limitNanos) {
            timeoutReported = true;
            return true;
        }
        return false;
    }

    /** The address the latch settled on, or null. */
    public InetSocketAddress latchedSource() {
        return latch.latched();
    }

    public ReceiveStats stats() {
        return stats;
    }

    /** RTP packets measured (the endpoint's packets in): those the payload filter passed. */
    public long packetsIn() {
        return rtp - validator.dropped() - latch.dropped() - payload.dropped();
    }

    public long bytesIn() {
        return bytes;
    }

    /** Datagrams that were neither valid RTP nor RTCP from the peer's host, or failed processing. */
    public long invalid() {
        return demux.dropped() + validator.dropped() + rtcp.dropped() + failed;
    }

    public long foreignSourceDropped() {
        return latch.dropped();
    }

    public long payloadTypeDropped() {
        return payload.dropped();
    }

    /** RTCP packets read from the peer. */
    public long rtcpIn() {
        return rtcp.out();
    }

    /** Each node's counters, in path order; each node's in is the out of the node before it. */
    public List<PathNodeCounters> counters() {
        PathNodeCounters validated = validator.counters(rtp);
        PathNodeCounters latched = latch.counters(validated.out());
        PathNodeCounters filtered = payload.counters(latched.out());
        PathNodeCounters measured = meter.counters(filtered.out());
        PathNodeCounters observed = observers.counters(measured.out());
        return List.of(demux.counters(demux.in() + rtp), validated, latched, filtered, measured, observed,
                consumer.counters(observed.out()), rtcp.counters(rtcp.in()));
    }
}
