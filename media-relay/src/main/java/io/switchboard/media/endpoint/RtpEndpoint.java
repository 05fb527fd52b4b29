package io.switchboard.media.endpoint;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.pipeline.OutboundStream;
import io.switchboard.media.pipeline.ReceivePath;
import io.switchboard.media.pipeline.ReceiveStats;
import io.switchboard.media.pipeline.RtcpSession;
import io.switchboard.media.pipeline.RtpConsumer;
import io.switchboard.media.pipeline.RtpObserver;
import io.switchboard.media.pipeline.SendPath;
import io.switchboard.media.sdp.NegotiatedAudio;
import io.switchboard.media.transport.MediaTransport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One leg's RTP stream: its transport (the sockets), its receive path (demux, validate, latch, payload
 * filter, statistics, observers, consumer; see {@link ReceivePath}), its send path (priority, payload map,
 * transcode, rewrite, taps, wire; see {@link SendPath}) and its RTCP session. What a bridge, mixer, player
 * or DTMF sender needs of a leg goes through here.
 *
 * <p>Every method except the getters of immutable fields runs on {@link #loop()}; the API hands work over
 * with {@code execute}. The endpoint owns its transport, paths and RTCP session, which own nothing else;
 * {@link #close} tears down from here.
 */
public final class RtpEndpoint {
    /** Housekeeping period: media timeout, DTMF end-packet loss recovery. */
    public static final int TICK_MILLIS = 100;

    private final String id;
    private final EventLoop loop;
    private final int port;
    private final EndpointListener listener;
    private final long mediaTimeoutNanos;
    private final long heldTimeoutNanos;
    private final long natWindowNanos;
    private final MediaTransport transport;
    private final OutboundStream outbound;
    private final RtcpSession rtcp;
    private final ReceivePath receive;
    private final SendPath send;
    private final LoopHousekeeping housekeeping;
    /** Position in {@link #housekeeping}, -1 when not ticked. */
    int housekeepingIndex = -1;
    private NegotiatedAudio audio;
    private boolean closed;
    /**
     * What each tick reads, kept here so that it reads neither the RTCP session nor the negotiated audio:
     * when our next report is due, and how long a silence may last (held calls wait longer).
     */
    private long rtcpDueNanos;
    private long silenceLimitNanos;

    /** Wires the paths to a bound transport and starts housekeeping; on the loop. */
    RtpEndpoint(String id, EventLoop loop, LoopHousekeeping housekeeping, int port, EndpointListener listener,
            long mediaTimeoutNanos, long heldTimeoutNanos, long natWindowNanos, long ssrc, MediaTransport transport) {
        this.id = id;
        this.loop = loop;
        this.housekeeping = housekeeping;
        this.port = port;
        this.listener = listener;
        this.mediaTimeoutNanos = mediaTimeoutNanos;
        this.heldTimeoutNanos = heldTimeoutNanos;
        this.natWindowNanos = natWindowNanos;
        this.transport = transport;
        long now = System.nanoTime();
        this.rtcp = new RtcpSession("switchboard-" + id, now);
        this.receive = new ReceivePath(id, transport, rtcp, ssrc & 0xFFFFFFFFL, now);
        this.send = new SendPath(id, transport, receive, ssrc);
        this.outbound = send.outbound();
        this.rtcpDueNanos = rtcp.nextReportNanos();
        this.silenceLimitNanos = mediaTimeoutNanos;
        transport.deliverTo(receive);
        housekeeping.add(this);
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
        return transport.localAddress();
    }

    /** The seam to the sockets (tests reach the plain transport's test hooks through it). */
    public MediaTransport transport() {
        return transport;
    }

    /** The allocator of this endpoint's transport, for packets generated on its loop (pooled). */
    public ByteBufAllocator alloc() {
        return transport.alloc();
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
        if (closed) {
            return;
        }
        this.audio = negotiated;
        this.silenceLimitNanos = negotiated.held() ? heldTimeoutNanos : mediaTimeoutNanos;
        long now = System.nanoTime();
        receive.configure(negotiated, signalled, now, natWindowNanos);
        send.configure(negotiated);
        receive.restartTimeout(now);
    }

    /**
     * The transport chose another remote address (WebRTC: ICE selected or switched its pair): the latch
     * restarts on it, as for a new remote description with that address. Before a remote description, nothing.
     */
    public void retarget(InetSocketAddress remote) {
        if (closed || audio == null) {
            return;
        }
        receive.configure(audio, remote, System.nanoTime(), natWindowNanos);
    }

    public void addObserver(RtpObserver observer) {
        receive.addObserver(observer);
    }

    public void removeObserver(RtpObserver observer) {
        receive.removeObserver(observer);
    }

    /**
     * Sets the one observer of the audio this endpoint sends, in this leg's law with the rewritten header
     * (a recorder's channel for what the caller hears from us); null removes it. RFC 4733 events are not shown.
     */
    public void setSentAudioObserver(RtpObserver observer) {
        send.setSentAudioObserver(observer);
    }

    /** Adds a fork of the audio this endpoint sends (besides the one observer); RFC 4733 events are not shown. */
    public void addSentFork(RtpObserver fork) {
        send.addSentFork(fork);
    }

    public void removeSentFork(RtpObserver fork) {
        send.removeSentFork(fork);
    }

    public RtpObserver sentAudioObserver() {
        return send.sentAudioObserver();
    }

    /** Sets the stage that takes ownership of received packets (null: they are released). */
    public void setConsumer(RtpConsumer consumer) {
        receive.setConsumer(consumer);
    }

    public RtpConsumer consumer() {
        return receive.consumer();
    }

    /** A source of {@code priority} starts feeding this endpoint; lower priorities are muted meanwhile. */
    public void claim(int priority) {
        send.claim(priority);
    }

    /** The source of {@code priority} stopped. */
    public void unclaim(int priority) {
        send.unclaim(priority);
    }

    /** True when a source above {@code priority} is active. */
    public boolean muted(int priority) {
        return send.muted(priority);
    }

    /**
     * Sends one RTP packet to the peer and takes ownership of it (see {@link SendPath#send}).
     *
     * @param payloadCodec the law of the audio payload, or null for an RFC 4733 event packet
     * @param source who produced it (identity decides where the outgoing stream is continued from)
     * @param priority one of {@link io.switchboard.media.pipeline.SourcePriority}
     * @param durationSamples samples the packet covers, used when the source changes
     */
    public void send(ByteBuf packet, AudioCodec payloadCodec, Object source, int priority, int durationSamples) {
        send.send(packet, payloadCodec, source, priority, durationSamples);
    }

    /**
     * The send path itself, for a bridge that relays every packet: holding it saves reading this endpoint
     * per packet (see {@link io.switchboard.media.pipeline.PathNode} on why each cache line counts).
     */
    public SendPath sendPath() {
        return send;
    }

    /** The receive path; owns {@code content}. Public for the allocation test that drives it directly. */
    public void receive(ByteBuf content, InetSocketAddress sender, boolean onRtcpPort, long arrivalNanos) {
        receive.receive(content, sender, onRtcpPort, arrivalNanos);
    }

    /** Housekeeping: observers' timers, RTCP reports, media timeout. Called by {@link LoopHousekeeping}. */
    void tick(long now) {
        if (closed) {
            return;
        }
        receive.tick(now);
        transport.tick(now); // ICE consent and DTLS timers run whether or not media is negotiated yet
        if (audio == null) {
            return; // no remote description yet (an offer still ringing): nothing to report, nothing expected
        }
        if (now - rtcpDueNanos >= 0) {
            sendRtcp(now);
            rtcpDueNanos = rtcp.nextReportNanos();
        }
        if (receive.timedOut(now, silenceLimitNanos)) {
            listener.onMediaTimeout(this);
        }
    }

    /** Sends our compound RTCP report: muxed on the RTP socket, else from RTP port + 1 to the peer's RTCP port. */
    private void sendRtcp(long now) {
        InetSocketAddress destination = send.destination();
        ByteBuf report = alloc().directBuffer(128);
        rtcp.writeReport(report, now, RtcpSession.unixNanos(), outbound, receive.stats());
        if (destination == null) {
            report.release();
            return;
        }
        transport.sendControl(report, destination, audio.rtcpMux(), audio.remoteRtcpPort());
    }

    /** A snapshot of the counters; call on the loop. */
    public EndpointStatistics statistics() {
        ReceiveStats stats = receive.stats();
        List<PathNodeCounters> path = new ArrayList<>(receive.counters());
        path.addAll(send.counters());
        path.addAll(transport.counters());
        return new EndpointStatistics(receive.packetsIn(), receive.bytesIn(), stats.lost(), stats.jitter() / 8.0,
                receive.invalid(), receive.foreignSourceDropped(), receive.payloadTypeDropped(), receive.rtcpIn(),
                send.packetsOut(), send.bytesOut(), send.dropped(), outbound.switches(), rtcp.reportsSent(),
                rtcp.remoteFractionLost() / 256.0, rtcp.remoteCumulativeLost(), rtcp.remoteJitter() / 8.0,
                rtcp.roundTripNanos() < 0 ? -1 : rtcp.roundTripNanos() / 1e6, List.copyOf(path));
    }

    /** The address the endpoint latched to, or null. */
    public InetSocketAddress latchedSource() {
        return receive.latchedSource();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the transport; the port goes back to the allocator when its sockets are closed. Loop only. */
    public void close(Runnable afterClose) {
        if (closed) {
            return;
        }
        closed = true;
        receive.close();
        send.close();
        housekeeping.remove(this);
        transport.close(afterClose);
    }

    @Override
    public String toString() {
        return "RtpEndpoint[" + id + " port " + port + "]";
    }
}
