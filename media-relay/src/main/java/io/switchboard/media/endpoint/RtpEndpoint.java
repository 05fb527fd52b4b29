package io.switchboard.media.endpoint;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.G711;
import io.switchboard.media.codec.PacketKind;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.sdp.NegotiatedAudio;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leg's RTP stream: its sockets, the source latch, receive statistics, the observers (DTMF, recorder
 * taps) and the consumer (bridge or mixer) of what it receives, and the continuous outgoing stream.
 *
 * <p>Receive path, one small step each with its counter: demux (RFC 7983) -> RTP validity (RFC 3550 A.1)
 * -> source latch -> negotiated payload type -> statistics -> observers -> consumer. Every method except
 * the getters of immutable fields runs on {@link #loop()}; the API hands work over with {@code execute}.
 * The endpoint owns its channels, which own nothing else; {@link #close()} tears down from here.
 *
 * <p>Once the latch has settled, the RTP socket is connected to the peer. The kernel then sends without a
 * route lookup per packet and refuses every other source before it costs us a system call (refused
 * datagrams show in the kernel's UDP NoPorts counter, no longer in {@link EndpointStatistics}); a new
 * remote description disconnects it so the latch can start over.
 */
public final class RtpEndpoint {
    /** Housekeeping period: media timeout, DTMF end-packet loss recovery. */
    public static final int TICK_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(RtpEndpoint.class);

    private final String id;
    private final EventLoop loop;
    private final int port;
    private final EndpointListener listener;
    private final long mediaTimeoutNanos;
    private final long heldTimeoutNanos;
    private final long natWindowNanos;
    private final SourceLatch latch = new SourceLatch();
    private final ReceiveStats stats = new ReceiveStats();
    private RtcpSession rtcp;
    private final OutboundStream outbound;
    private final ArrayDeque<PooledEnvelope> envelopes = new ArrayDeque<>();
    private final int[] claims = new int[SourcePriority.LEVELS];
    /** Where outgoing envelopes go: the RTP socket, or a test's sink when measuring our own path. */
    private Consumer<AddressedEnvelope<ByteBuf, InetSocketAddress>> wire;
    private Channel rtpChannel;
    /** The peer the RTP socket is connected to, or null while unconnected. */
    private InetSocketAddress connectedPeer;
    /** Set when connecting failed, so it is not retried until the next remote description. */
    private boolean connectRefused;
    private Channel rtcpChannel;
    private InetSocketAddress localAddress;
    private NegotiatedAudio audio;
    private RtpObserver[] observers = new RtpObserver[0];
    /** Sees the audio this endpoint sends (after transcoding and rewriting), or null. */
    private RtpObserver sentAudioObserver;
    private RtpConsumer consumer;
    private final LoopHousekeeping housekeeping;
    /** Position in {@link #housekeeping}, -1 when not ticked. */
    int housekeepingIndex = -1;
    private long lastInboundNanos;
    private boolean timeoutReported;
    private boolean closed;

    private long packetsIn;
    private long bytesIn;
    private long invalid;
    private long payloadTypeDropped;
    private long notReceiving;
    private long rtcpIn;
    private long packetsOut;
    private long bytesOut;
    private long sendDropped;
    private long unsupportedDropped;

    RtpEndpoint(String id, EventLoop loop, LoopHousekeeping housekeeping, int port, EndpointListener listener,
            long mediaTimeoutNanos, long heldTimeoutNanos, long natWindowNanos, long ssrc) {
        this.id = id;
        this.loop = loop;
        this.housekeeping = housekeeping;
        this.port = port;
        this.listener = listener;
        this.mediaTimeoutNanos = mediaTimeoutNanos;
        this.heldTimeoutNanos = heldTimeoutNanos;
        this.natWindowNanos = natWindowNanos;
        this.outbound = new OutboundStream(ssrc);
    }

    /** Called by the factory once the sockets are bound, on the loop. */
    void attach(Channel rtp, Channel rtcp) {
        this.rtpChannel = rtp;
        this.rtcpChannel = rtcp;
        this.localAddress = (InetSocketAddress) rtp.localAddress();
        this.wire = envelope -> rtp.writeAndFlush(envelope, rtp.voidPromise());
        this.lastInboundNanos = System.nanoTime();
        this.rtcp = new RtcpSession("switchboard-" + id, lastInboundNanos);
        housekeeping.add(this);
    }

    ChannelInboundHandlerAdapter handler(boolean rtcp) {
        return new DatagramHandler(rtcp);
    }

    public String id() {
        return id;
    }

    public EventLoop loop() {
        return loop;
    }

    public int port() {
        return port;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The allocator of this endpoint's channel, for packets generated on its loop (pooled). */
    public ByteBufAllocator alloc() {
        return rtpChannel.alloc();
    }

    /** The negotiated audio, or null before the remote description is known. */
    public NegotiatedAudio audio() {
        return audio;
    }

    /** The law this leg speaks (PCMU until negotiated). */
    public AudioCodec codec() {
        return audio == null ? AudioCodec.PCMU : audio.codec();
    }

    /**
     * Applies a remote description (initial or re-INVITE); resets the latch if the address changed.
     *
     * @param signalled the resolved remote RTP address, or null for a hold address or one that did not resolve
     */
    public void applyRemote(NegotiatedAudio negotiated, InetSocketAddress signalled) {
        this.audio = negotiated;
        latch.signal(signalled, negotiated.remoteSsrc(), negotiated.codecPayloadType(),
                negotiated.telephoneEventPayloadType(), System.nanoTime(), natWindowNanos);
        if (latch.latched() == null) {
            unlockPeer();
        }
        timeoutReported = false;
        lastInboundNanos = System.nanoTime();
    }

    public void addObserver(RtpObserver observer) {
        RtpObserver[] next = Arrays.copyOf(observers, observers.length + 1);
        next[observers.length] = observer;
        observers = next;
    }

    public void removeObserver(RtpObserver observer) {
        observers = Arrays.stream(observers).filter(o -> o != observer).toArray(RtpObserver[]::new);
    }

    /**
     * Sets the one observer of the audio this endpoint sends, in this leg's law with the rewritten header
     * (a recorder's channel for what the caller hears from us); null removes it. RFC 4733 events are not shown.
     */
    public void setSentAudioObserver(RtpObserver observer) {
        this.sentAudioObserver = observer;
    }

    public RtpObserver sentAudioObserver() {
        return sentAudioObserver;
    }

    /** Sets the stage that takes ownership of received packets (null: they are released). */
    public void setConsumer(RtpConsumer consumer) {
        this.consumer = consumer;
    }

    public RtpConsumer consumer() {
        return consumer;
    }

    /** A source of {@code priority} starts feeding this endpoint; lower priorities are muted meanwhile. */
    public void claim(int priority) {
        claims[priority]++;
    }

    /** The source of {@code priority} stopped. */
    public void unclaim(int priority) {
        if (claims[priority] > 0) {
            claims[priority]--;
        }
    }

    /** True when a source above {@code priority} is active. */
    public boolean muted(int priority) {
        for (int p = priority + 1; p < claims.length; p++) {
            if (claims[p] > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends one RTP packet to the peer and takes ownership of it. Audio is transcoded in place when it
     * is in another law than this leg's; events get this leg's telephone-event payload type.
     *
     * @param payloadCodec the law of the audio payload, or null for an RFC 4733 event packet
     * @param source who produced it (identity decides where the outgoing stream is continued from)
     * @param priority one of {@link SourcePriority}
     * @param durationSamples samples the packet covers, used when the source changes
     */
    public void send(ByteBuf packet, AudioCodec payloadCodec, Object source, int priority, int durationSamples) {
        InetSocketAddress destination = latch.destination();
        if (closed || audio == null || destination == null || !audio.localDirection().sends() || muted(priority)) {
            sendDropped++;
            packet.release();
            outbound.interrupt();
            return;
        }
        if (payloadCodec == null) {
            int eventPt = audio.telephoneEventPayloadType();
            if (eventPt < 0) {
                sendDropped++; // the peer did not negotiate RFC 4733
                packet.release();
                return;
            }
            RtpHeader.setPayloadType(packet, eventPt);
        } else {
            if (payloadCodec != audio.codec()) {
                transcode(packet, payloadCodec);
            }
            RtpHeader.setPayloadType(packet, audio.codecPayloadType());
        }
        long now = System.nanoTime();
        outbound.rewrite(packet, source, now, durationSamples);
        packetsOut++;
        bytesOut += packet.readableBytes();
        RtpObserver sentTap = sentAudioObserver;
        if (sentTap != null && payloadCodec != null) {
            try {
                sentTap.onRtp(this, packet, false, now);
            } catch (RuntimeException e) {
                LOG.warn("endpoint {}: observer {} of sent audio failed", id, sentTap, e);
            }
        }
        if (destination.equals(connectedPeer)) {
            rtpChannel.writeAndFlush(packet, rtpChannel.voidPromise());
        } else {
            wire.accept(PooledEnvelope.acquire(envelopes, packet, destination, null));
        }
    }

    /** Connects the RTP socket to the settled peer (see the class comment). Loop only. */
    private void lockToPeer() {
        InetSocketAddress peer = latch.latched();
        connectedPeer = peer;
        rtpChannel.connect(peer).addListener(f -> {
            if (!f.isSuccess() && peer.equals(connectedPeer)) {
                connectedPeer = null;
                connectRefused = true;
                LOG.debug("endpoint {}: could not connect the RTP socket to {}; sending unconnected", id, peer,
                        f.cause());
            }
        });
    }

    /** Undoes {@link #lockToPeer} so packets from any source reach the latch again. Loop only. */
    private void unlockPeer() {
        connectRefused = false;
        if (connectedPeer != null) {
            connectedPeer = null;
            rtpChannel.disconnect();
        }
    }

    private static void transcode(ByteBuf packet, AudioCodec from) {
        int start = packet.readerIndex() + RtpHeader.payloadOffset(packet);
        int end = start + RtpHeader.payloadLength(packet);
        boolean toAlaw = from == AudioCodec.PCMU;
        for (int i = start; i < end; i++) {
            byte b = packet.getByte(i);
            packet.setByte(i, toAlaw ? G711.ulawToAlaw(b) : G711.alawToUlaw(b));
        }
    }

    /** The receive path; owns {@code content}. Public for the allocation test that drives it directly. */
    public void receive(ByteBuf content, InetSocketAddress sender, boolean onRtcpPort, long arrivalNanos) {
        PacketKind kind = PacketKind.of(content);
        if (kind == PacketKind.RTCP || (onRtcpPort && kind != PacketKind.RTP)) {
            if (kind == PacketKind.RTCP && latch.admitControl(sender)) {
                rtcpIn++;
                lastInboundNanos = arrivalNanos;
                rtcp.receive(content, outbound.ssrc(), arrivalNanos, unixNanos());
            } else {
                invalid++;
            }
            content.release();
            return;
        }
        if (kind != PacketKind.RTP) {
            unsupportedDropped++; // STUN/DTLS arrive here once WebRTC is added; plain RTP legs drop them
            content.release();
            return;
        }
        if (closed || !RtpHeader.isValid(content) || audio == null) {
            invalid++;
            content.release();
            return;
        }
        int pt = RtpHeader.payloadType(content);
        if (!latch.admit(sender, RtpHeader.ssrc(content), pt, arrivalNanos)) {
            content.release();
            return;
        }
        if (connectedPeer == null && !connectRefused && rtpChannel != null && latch.settled(arrivalNanos)) {
            lockToPeer();
        }
        boolean event = pt == audio.telephoneEventPayloadType();
        if (!event && pt != audio.codecPayloadType()) {
            payloadTypeDropped++; // e.g. comfort noise (13) that was not negotiated
            content.release();
            return;
        }
        lastInboundNanos = arrivalNanos;
        timeoutReported = false;
        packetsIn++;
        bytesIn += content.readableBytes();
        stats.onPacket(RtpHeader.ssrc(content), RtpHeader.sequence(content), RtpHeader.timestamp(content),
                arrivalNanos / 125_000L, content.readableBytes());
        if (!audio.localDirection().receives()) {
            notReceiving++;
            content.release();
            return;
        }
        RtpObserver[] obs = observers;
        for (RtpObserver o : obs) {
            try {
                o.onRtp(this, content, event, arrivalNanos);
            } catch (RuntimeException e) {
                LOG.warn("endpoint {}: observer {} failed", id, o, e);
            }
        }
        RtpConsumer c = consumer;
        if (c == null) {
            content.release();
            return;
        }
        try {
            c.consume(this, content, event, arrivalNanos);
        } catch (RuntimeException e) {
            // ownership passed to the consumer; releasing here could free a buffer it already gave away
            LOG.warn("endpoint {}: consumer {} failed", id, c, e);
        }
    }

    /** Housekeeping: observers' timers, RTCP reports, media timeout. Called by {@link LoopHousekeeping}. */
    void tick(long now) {
        if (closed) {
            return;
        }
        for (RtpObserver o : observers) {
            try {
                o.onTick(this, now);
            } catch (RuntimeException e) {
                LOG.warn("endpoint {}: observer {} tick failed", id, o, e);
            }
        }
        if (audio != null && rtcp.due(now)) {
            sendRtcp(now);
        }
        long limit = audio != null && audio.held() ? heldTimeoutNanos : mediaTimeoutNanos;
        // no remote description yet (an offer still ringing): nothing is expected, so nothing can time out
        if (audio != null && !timeoutReported && now - lastInboundNanos > limit) {
            timeoutReported = true;
            listener.onMediaTimeout(this);
        }
    }

    /** Replaces the socket write, so a test can measure the relay path without Netty's native send. */
    void wireForTest(Consumer<AddressedEnvelope<ByteBuf, InetSocketAddress>> testWire) {
        this.wire = testWire;
    }

    /** Sends our compound RTCP report: muxed on the RTP socket, else from RTP port + 1 to the peer's RTCP port. */
    private void sendRtcp(long now) {
        InetSocketAddress destination = latch.destination();
        ByteBuf report = alloc().directBuffer(128);
        rtcp.writeReport(report, now, unixNanos(), outbound, stats);
        if (destination == null) {
            report.release();
            return;
        }
        if (audio.rtcpMux() || rtcpChannel == null) {
            rtpChannel.writeAndFlush(new DatagramPacket(report, destination), rtpChannel.voidPromise());
        } else {
            InetSocketAddress to = new InetSocketAddress(destination.getAddress(), audio.remoteRtcpPort());
            rtcpChannel.writeAndFlush(new DatagramPacket(report, to), rtcpChannel.voidPromise());
        }
    }

    private static long unixNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** A snapshot of the counters; call on the loop. */
    public EndpointStatistics statistics() {
        return new EndpointStatistics(packetsIn, bytesIn, stats.lost(), stats.jitter() / 8.0,
                invalid + unsupportedDropped, latch.dropped(), payloadTypeDropped, rtcpIn, packetsOut, bytesOut,
                sendDropped, outbound.switches(), rtcp.reportsSent(), rtcp.remoteFractionLost() / 256.0,
                rtcp.remoteCumulativeLost(), rtcp.remoteJitter() / 8.0,
                rtcp.roundTripNanos() < 0 ? -1 : rtcp.roundTripNanos() / 1e6);
    }

    /** The address the endpoint latched to, or null. */
    public InetSocketAddress latchedSource() {
        return latch.latched();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the sockets; the port goes back to the allocator when they are closed. Loop only. */
    public void close(Runnable afterClose) {
        if (closed) {
            return;
        }
        closed = true;
        consumer = null;
        observers = new RtpObserver[0];
        sentAudioObserver = null;
        housekeeping.remove(this);
        Channel rtcp = rtcpChannel;
        rtpChannel.close().addListener(f -> {
            if (rtcp != null) {
                rtcp.close().addListener(g -> afterClose.run());
            } else {
                afterClose.run();
            }
        });
    }

    @Override
    public String toString() {
        return "RtpEndpoint[" + id + " port " + port + "]";
    }

    /** Hands datagrams to the receive path; a peer's bad input never escapes it. */
    private final class DatagramHandler extends ChannelInboundHandlerAdapter {
        private final boolean rtcp;

        DatagramHandler(boolean rtcp) {
            this.rtcp = rtcp;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            ByteBuf content = packet.content();
            try {
                receive(content, packet.sender(), rtcp, System.nanoTime());
            } catch (RuntimeException e) {
                // thrown before the hand-over to the consumer, so the buffer is still ours
                invalid++;
                if (content.refCnt() > 0) {
                    content.release();
                }
                LOG.debug("endpoint {}: dropped a packet that failed processing", id, e);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like surface here; the peer may come back
            LOG.debug("endpoint {}: socket error", id, cause);
        }
    }
}
