package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.PacketKind;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.sdp.NegotiatedAudio;
import io.switchboard.media.transport.DatagramReceiver;
import io.switchboard.media.transport.MediaTransport;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An endpoint's receive path, one node per step, each counting what it lets through and drops:
 *
 * <pre>
 * transport -> demux (RFC 7983) -+-> validate -> latch -> payload -> stats -> observers -> consumer
 *                                +-> rtcp (the control branch)
 *                                +-> the transport again for STUN and DTLS (dropped by plain RTP)
 * </pre>
 *
 * <p>Every datagram ends in exactly one place: released by the node that drops it, or owned by the consumer.
 * Nothing here allocates per packet. Loop-confined; a peer's bad input never throws out of
 * {@link #receive}.
 */
public final class ReceivePath implements DatagramReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivePath.class);

    private final String owner;
    private final MediaTransport transport;
    private final Demultiplexer demux = new Demultiplexer();
    private final RtpValidator validator = new RtpValidator();
    private final SourceLatch latch = new SourceLatch();
    private final PayloadFilter payload = new PayloadFilter();
    private final ReceiveMeter meter;
    private final ObserverFanout observers;
    private final ConsumerHandoff consumer;
    private final RtcpInput rtcp;
    /** The law of received audio, told to observers and the consumer. */
    private AudioCodec codec = AudioCodec.PCMU;
    /**
     * True once the transport was asked to pin itself to the settled source, until the latch restarts; kept
     * here rather than asked of the transport, which then stays out of the cache on the receive side.
     */
    private boolean pinRequested;
    /** Datagrams whose processing threw before the hand-over to the consumer. */
    private long failed;

    /**
     * Creates the nodes in path order, so they lie side by side on the heap (see {@link PathNode}).
     *
     * @param owner the endpoint's id, for the log
     * @param ourSsrc the SSRC of our outgoing stream, whose RTCP report blocks the control branch reads
     */
    public ReceivePath(String owner, MediaTransport transport, RtcpSession session, long ourSsrc, long nowNanos) {
        this.owner = owner;
        this.transport = transport;
        this.meter = new ReceiveMeter(nowNanos);
        this.observers = new ObserverFanout(owner);
        this.consumer = new ConsumerHandoff(owner);
        this.rtcp = new RtcpInput(latch, session, meter, ourSsrc);
    }

    @Override
    public void receive(ByteBuf datagram, InetSocketAddress sender, boolean controlPort, long arrivalNanos) {
        try {
            route(datagram, sender, controlPort, arrivalNanos);
        } catch (RuntimeException e) {
            // thrown before the hand-over to the consumer, so the buffer is still ours
            failed++;
            if (datagram.refCnt() > 0) {
                datagram.release();
            }
            LOG.debug("endpoint {}: dropped a packet that failed processing", owner, e);
        }
    }

    private void route(ByteBuf datagram, InetSocketAddress sender, boolean controlPort, long arrivalNanos) {
        PacketKind kind = demux.classify(datagram, controlPort);
        if (kind == PacketKind.RTP) {
            rtp(datagram, sender, arrivalNanos);
        } else if (kind == PacketKind.RTCP) {
            rtcp.receive(datagram, sender, arrivalNanos);
        } else if (kind == PacketKind.UNKNOWN) {
            datagram.release();
        } else if (!transport.offerHandshake(kind, datagram, sender)) {
            demux.unclaimed(kind);
            datagram.release();
        }
    }

    private void rtp(ByteBuf packet, InetSocketAddress sender, long arrivalNanos) {
        if (!validator.admit(packet)) {
            packet.release();
            return;
        }
        int pt = RtpHeader.payloadType(packet);
        if (!latch.admit(sender, RtpHeader.ssrc(packet), pt, arrivalNanos)) {
            packet.release();
            return;
        }
        if (!pinRequested && latch.settled(arrivalNanos)) {
            pinRequested = true;
            transport.pin(latch.latched());
        }
        int verdict = payload.classify(pt);
        if (verdict == PayloadFilter.DROPPED) {
            packet.release();
            return;
        }
        if (!meter.record(packet, arrivalNanos)) {
            packet.release();
            return;
        }
        boolean event = verdict == PayloadFilter.EVENT;
        observers.show(packet, event, codec, arrivalNanos);
        consumer.handOver(packet, event, codec, arrivalNanos);
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
        payload.negotiated(audio.codecPayloadType(), audio.telephoneEventPayloadType());
        meter.direction(audio.localDirection().receives());
        codec = audio.codec();
        validator.ready(true);
    }

    /** Stops delivering: later packets are counted and dropped at validation; observers and consumer go. */
    public void close() {
        validator.ready(false);
        consumer.set(null);
        observers.clear();
    }

    public void addObserver(RtpObserver observer) {
        observers.add(observer);
    }

    public void removeObserver(RtpObserver observer) {
        observers.remove(observer);
    }

    /** Sets the stage that takes ownership of received packets (null: they are released). */
    public void setConsumer(RtpConsumer c) {
        consumer.set(c);
    }

    public RtpConsumer consumer() {
        return consumer.get();
    }

    /** The observers' timers. */
    public void tick(long nowNanos) {
        observers.tick(nowNanos);
    }

    /** A new remote description: the media timeout waits afresh. */
    public void restartTimeout(long nowNanos) {
        meter.restartTimeout(nowNanos);
    }

    /**
     * True once per silence longer than {@code limitNanos} (RTP or RTCP from the peer ends a silence; only RTP
     * re-arms a report already made); the caller reports it.
     */
    public boolean timedOut(long nowNanos, long limitNanos) {
        return meter.timedOut(nowNanos, limitNanos);
    }

    /** The source latch, whose destination the send path uses. */
    SourceLatch latch() {
        return latch;
    }

    /** The address the latch settled on, or null. */
    public InetSocketAddress latchedSource() {
        return latch.latched();
    }

    public ReceiveStats stats() {
        return meter.stats();
    }

    public long packetsIn() {
        return meter.packets();
    }

    public long bytesIn() {
        return meter.bytes();
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

    /** Each node's counters, in path order. */
    public List<PathNodeCounters> counters() {
        return List.of(demux.counters(), validator.counters(), latch.counters(), payload.counters(),
                meter.counters(), observers.counters(), consumer.counters(), rtcp.counters());
    }
}
