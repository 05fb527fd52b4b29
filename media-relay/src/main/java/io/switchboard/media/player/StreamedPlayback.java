package io.switchboard.media.player;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.LivePlayback;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.endpoint.EndpointTimer;
import io.switchboard.media.endpoint.RtpEndpoint;
import io.switchboard.media.pipeline.SourcePriority;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays mu-law audio that keeps arriving (a media stream server's replies) into an endpoint as 20 ms
 * packets, through a {@link LivePlayout} that primes each talk spurt and holds over short pauses. While the
 * playout holds its place, this playback holds a claim above the player's on the endpoint: the caller hears
 * the server's audio, or silence between its frames, and never a prompt, hold music or the bridged party
 * mixed into it (a prompt runs on muted underneath, as under a DTMF tone). Once the server has sent nothing
 * for {@link #HOLD_FRAMES} frames the claim goes back and nothing is sent. Marks are positions in the queued
 * audio, reported once the frame holding that position has gone out. Every method other than the
 * constructor hops onto the endpoint's loop, which owns all the state.
 */
public final class StreamedPlayback implements LivePlayback {
    private static final long FRAME_NANOS = 20_000_000L;
    private static final int FRAME = LivePlayout.FRAME;
    /** A server that sends faster than real time may buffer this much (one minute) before audio is dropped. */
    private static final long MAX_QUEUED_BYTES = 8000L * 60;
    /**
     * Frames gathered before a spurt plays (100 ms): a server pacing in real time may come late by most of
     * that, on a busy machine or network, without the caller hearing a gap. It is also the latency this adds.
     */
    static final int PRIME_FRAMES = 5;
    /** A pause of up to one second (between a bot's sentences) keeps the place, so no prompt slips in. */
    static final int HOLD_FRAMES = 50;
    /**
     * A stream server's reply (a bot speaking) goes over prompts and hold music as well as bridged audio,
     * so it takes the highest place there is, the DTMF sender's.
     */
    private static final int LIVE = SourcePriority.DTMF;

    private final RtpEndpoint endpoint;
    private final Listener listener;
    private final AtomicLong playedFrames;
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private final LivePlayout playout = new LivePlayout(PRIME_FRAMES, HOLD_FRAMES, MAX_QUEUED_BYTES);
    private final byte[] frame = new byte[FRAME];
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private boolean claimed;
    private boolean closed;
    private int seq;
    private long timestamp;
    private EndpointTimer timer;

    private record Mark(long position, String name) {
    }

    /** @param playedFrames counts every frame of the server's audio sent, across the relay's live playbacks */
    public StreamedPlayback(RtpEndpoint endpoint, Listener listener, AtomicLong playedFrames) {
        this.endpoint = endpoint;
        this.listener = listener;
        this.playedFrames = playedFrames;
    }

    /** Starts the frame clock; loop only. */
    public void start() {
        timer = endpoint.schedule(this::tick, FRAME_NANOS, FRAME_NANOS, TimeUnit.NANOSECONDS);
    }

    @Override
    public void enqueue(byte[] mulaw) {
        byte[] copy = mulaw.clone();
        endpoint.execute(() -> {
            if (closed || !playout.add(copy)) {
                return;
            }
            if (!claimed) {
                claimed = true;
                endpoint.claim(LIVE);
            }
        });
    }

    @Override
    public void mark(String name) {
        endpoint.execute(() -> {
            if (closed) {
                return;
            }
            marks.add(new Mark(playout.enqueuedTotal(), name));
            reportPlayedMarks();
        });
    }

    @Override
    public void clear() {
        endpoint.execute(() -> {
            if (closed) {
                return;
            }
            playout.clear();
            reportPlayedMarks();
            release();
        });
    }

    @Override
    public void close() {
        endpoint.execute(() -> {
            if (closed) {
                return;
            }
            closed = true;
            if (timer != null) {
                timer.cancel();
            }
            playout.clear();
            marks.clear();
            release();
        });
    }

    private void tick() {
        if (closed || endpoint.isClosed()) {
            return;
        }
        LivePlayout.Step step = playout.next(frame);
        if (step == LivePlayout.Step.NOTHING) {
            release();
            return;
        }
        ByteBuf packet = endpoint.alloc().directBuffer(RtpHeader.FIXED_SIZE + FRAME);
        RtpHeader.write(packet, false, AudioCodec.PCMU.staticPayloadType(), seq, timestamp, ssrc & 0xFFFFFFFFL);
        packet.writeBytes(frame);
        seq = (seq + 1) & 0xFFFF;
        timestamp += FRAME;
        if (step == LivePlayout.Step.AUDIO) {
            playedFrames.incrementAndGet();
        }
        endpoint.send(packet, AudioCodec.PCMU, this, LIVE, FRAME);
        reportPlayedMarks();
    }

    private void reportPlayedMarks() {
        while (!marks.isEmpty() && marks.peek().position() <= playout.playedTotal()) {
            listener.onMark(marks.poll().name());
        }
    }

    private void release() {
        if (claimed) {
            claimed = false;
            endpoint.unclaim(LIVE);
        }
    }
}
