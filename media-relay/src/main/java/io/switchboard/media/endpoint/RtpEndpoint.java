package io.switchboard.media.endpoint;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.media.api.MediaSourcePolicy;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.pipeline.OutboundStream;
import io.switchboard.media.pipeline.ReceivePath;
import io.switchboard.media.pipeline.ReceiveStats;
import io.switchboard.media.pipeline.RtcpSession;
import io.switchboard.media.pipeline.RtpConsumer;
import io.switchboard.media.pipeline.RtpObserver;
import io.switchboard.media.pipeline.SendPath;
import io.switchboard.media.pipeline.SourceDropTally;
import io.switchboard.media.sdp.NegotiatedAudio;
import io.switchboard.media.transport.MediaTransport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One leg's RTP stream: its transport (the sockets), its receive path (demux, validate, latch, payload
 * filter, statistics, observers, consumer; see {@link ReceivePath}), its send path (priority, payload map,
 * transcode, rewrite, taps, wire; see {@link SendPath}) and its RTCP session. What a bridge, mixer, player
 * or DTMF sender needs of a leg goes through here.
 *
 * <p>Every method except the getters of immutable fields runs on {@link #loop()}; the API hands work over
 * with {@link #execute}. The endpoint owns its transport, paths, RTCP session and {@link EndpointTimer timers},
 * which own nothing else; {@link #close} tears down from here.
 *
 * <p>An endpoint can move to another loop ({@link #moveTo}) so that it shares one with the endpoint it is
 * bridged to: OPEN -> DETACHING (its sockets leave the old loop) -> ARRIVING (handed over: the new loop owns
 * it, its sockets are registering there) -> OPEN. Ownership passes at one instant, the write of {@link #loop}
 * on the old loop; work that reaches the old loop afterwards is forwarded by {@link #execute}.
 */
public final class RtpEndpoint {
    /** Housekeeping period: media timeout, DTMF end-packet loss recovery. */
    public static final int TICK_MILLIS = 100;

    /** The endpoint's life; see the class comment for the move. */
    public enum State { OPEN, DETACHING, ARRIVING, CLOSED }

    private final String id;
    /** The owning loop. Written only by the owner, once per move; read by any thread to hand work over. */
    private volatile EventLoop loop;
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
    private LoopHousekeeping housekeeping;
    /** The timers of what is attached to this endpoint (players, collections, senders); they move with it. */
    private final List<EndpointTimer> timers = new ArrayList<>(2);
    private State state = State.OPEN;
    /** A close that came while the sockets were detaching runs once they are off the old loop. */
    private Runnable closeAfterDetach;
    /** Position in {@link #housekeeping}, -1 when not ticked. */
    int housekeepingIndex = -1;
    private NegotiatedAudio audio;
    /**
     * What each tick reads, kept here so that it reads neither the RTCP session nor the negotiated audio:
     * when our next report is due, and how long a silence may last (held calls wait longer).
     */
    private long rtcpDueNanos;
    private long silenceLimitNanos;

    /** Wires the paths to a bound transport and starts housekeeping; on the loop. */
    RtpEndpoint(String id, EventLoop loop, LoopHousekeeping housekeeping, int port, EndpointListener listener,
            long mediaTimeoutNanos, long heldTimeoutNanos, long natWindowNanos, long ssrc, MediaTransport transport,
            SourceDropTally sourceDrops) {
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
        this.receive = new ReceivePath(id, transport, rtcp, ssrc & 0xFFFFFFFFL, now, sourceDrops);
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

    /** The loop that owns this endpoint now; it changes only when the endpoint {@link #moveTo moves}. */
    public EventLoop loop() {
        return loop;
    }

    public State state() {
        return state;
    }

    /**
     * Runs {@code task} on the endpoint's loop; safe from any thread. A task that reaches a loop the endpoint
     * has left follows it to the new one, so work handed over during a move is never run by a former owner.
     */
    public void execute(Runnable task) {
        EventLoop owner = loop;
        owner.execute(() -> {
            if (loop == owner) {
                task.run();
            } else {
                execute(task);
            }
        });
    }

    /**
     * Schedules {@code task} on the endpoint's loop after {@code delay}, then every {@code period} (0: once).
     * The timer follows the endpoint when it moves. Loop only.
     */
    public EndpointTimer schedule(Runnable task, long delay, long period, TimeUnit unit) {
        EndpointTimer timer = new EndpointTimer(this, task, unit.toNanos(period));
        timers.add(timer);
        timer.arm(loop, unit.toNanos(delay));
        return timer;
    }

    void forget(EndpointTimer timer) {
        timers.remove(timer);
    }

    /**
     * Moves this endpoint onto {@code target}, with its sockets, housekeeping and timers; on the current loop,
     * with nothing else of another endpoint tied to it (no bridge, mixer or recording: the caller ended those).
     * Completes on {@code target} once the sockets read there; meanwhile what it sends is dropped (a few
     * milliseconds). The DTLS handshake thread and ICE consent need nothing more: the transport's hand-backs
     * follow {@link #execute}'s rule and consent runs on housekeeping ticks, which move.
     */
    CompletableFuture<Void> moveTo(EventLoop target, LoopHousekeeping targetHousekeeping) {
        if (state != State.OPEN) {
            return CompletableFuture.failedFuture(new IllegalStateException("endpoint " + id + " is " + state));
        }
        if (target == loop) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> moved = new CompletableFuture<>();
        state = State.DETACHING;
        transport.detach(() -> handOver(target, targetHousekeeping, moved));
        return moved;
    }

    /** On the old loop, the sockets off it: from the write of {@link #loop} on, only {@code target} touches us. */
    private void handOver(EventLoop target, LoopHousekeeping targetHousekeeping, CompletableFuture<Void> moved) {
        if (state == State.CLOSED) {
            transport.close(closeAfterDetach);
            moved.completeExceptionally(new IllegalStateException("endpoint " + id + " closed while moving"));
            return;
        }
        housekeeping.remove(this);
        for (EndpointTimer t : timers) {
            t.suspend();
        }
        housekeeping = targetHousekeeping;
        state = State.ARRIVING;
        transport.handOver(target);
        loop = target;
        target.execute(() -> arrive(target, moved));
    }

    /** On the new loop: housekeeping and timers resume here, the sockets register here. */
    private void arrive(EventLoop target, CompletableFuture<Void> moved) {
        if (state == State.CLOSED) {
            moved.completeExceptionally(new IllegalStateException("endpoint " + id + " closed while moving"));
            return;
        }
        state = State.OPEN;
        housekeeping.add(this);
        for (EndpointTimer t : List.copyOf(timers)) {
            t.resume(target);
        }
        transport.attach(target, () -> moved.complete(null));
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

    /** Which sources may be learned from the next remote description on; before it, on the loop. */
    public void sourcePolicy(MediaSourcePolicy sources) {
        receive.sourcePolicy(sources);
    }

    /**
     * Applies a remote description (initial or re-INVITE); resets the latch if the address changed.
     *
     * @param signalled the resolved remote RTP address, or null for a hold address or one that did not resolve
     */
    public void applyRemote(NegotiatedAudio negotiated, InetSocketAddress signalled) {
        if (state == State.CLOSED) {
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
        if (state == State.CLOSED || audio == null) {
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
        if (state == State.CLOSED) {
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
        return state == State.CLOSED;
    }

    /** Closes the transport; the port goes back to the allocator when its sockets are closed. Loop only. */
    public void close(Runnable afterClose) {
        if (state == State.CLOSED) {
            return;
        }
        boolean detaching = state == State.DETACHING;
        state = State.CLOSED;
        receive.close();
        send.close();
        housekeeping.remove(this);
        for (EndpointTimer t : List.copyOf(timers)) {
            t.cancel();
        }
        if (detaching) {
            closeAfterDetach = afterClose; // the hand-over closes the sockets once they are off the loop
        } else {
            transport.close(afterClose);
        }
    }

    @Override
    public String toString() {
        return "RtpEndpoint[" + id + " port " + port + "]";
    }
}
