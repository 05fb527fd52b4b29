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
 * packets. While audio is queued it holds a claim above the player's on the endpoint, so prompts and bridged
 * audio are muted meanwhile; when the queue runs dry it gives the claim back and sends nothing. Marks are positions in
 * the queued audio, reported once the frame holding that position has gone out. Every method other than
 * the constructor hops onto the endpoint's loop, which owns all the state.
 */
public final class StreamedPlayback implements LivePlayback {
    private static final long FRAME_NANOS = 20_000_000L;
    private static final int FRAME = PromptPlayer.FRAME_SAMPLES;
    /** A server that sends faster than real time may buffer this much (one minute) before audio is dropped. */
    private static final long MAX_QUEUED_BYTES = 8000L * 60;
    private static final byte MU_SILENCE = (byte) 0xFF;
    /**
     * A stream server's reply (a bot speaking) goes over prompts and hold music as well as bridged audio,
     * so it takes the highest place there is, the DTMF sender's.
     */
    private static final int LIVE = SourcePriority.DTMF;

    private final RtpEndpoint endpoint;
    private final Listener listener;
    private final AtomicLong playedFrames;
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private int headOffset;
    private long queuedBytes;
    /** Bytes ever queued and ever played; marks are positions on this count. */
    private long enqueuedTotal;
    private long playedTotal;
    private boolean claimed;
    private boolean closed;
    private int seq;
    private long timestamp;
    private EndpointTimer timer;

    private record Mark(long position, String name) {
    }

    /** @param playedFrames counts every frame sent, across the relay's live playbacks */
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
            if (closed || copy.length == 0 || queuedBytes + copy.length > MAX_QUEUED_BYTES) {
                return;
            }
            queue.add(copy);
            queuedBytes += copy.length;
            enqueuedTotal += copy.length;
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
            marks.add(new Mark(enqueuedTotal, name));
            reportPlayedMarks();
        });
    }

    @Override
    public void clear() {
        endpoint.execute(() -> {
            if (closed) {
                return;
            }
            queue.clear();
            headOffset = 0;
            queuedBytes = 0;
            playedTotal = enqueuedTotal;
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
            queue.clear();
            marks.clear();
            release();
        });
    }

    private void tick() {
        if (closed || queuedBytes == 0 || endpoint.isClosed()) {
            return;
        }
        ByteBuf packet = endpoint.alloc().directBuffer(RtpHeader.FIXED_SIZE + FRAME);
        RtpHeader.write(packet, false, AudioCodec.PCMU.staticPayloadType(), seq, timestamp, ssrc & 0xFFFFFFFFL);
        int written = 0;
        while (written < FRAME && !queue.isEmpty()) {
            byte[] head = queue.peek();
            int n = Math.min(FRAME - written, head.length - headOffset);
            packet.writeBytes(head, headOffset, n);
            written += n;
            headOffset += n;
            if (headOffset == head.length) {
                queue.poll();
                headOffset = 0;
            }
        }
        for (int i = written; i < FRAME; i++) {
            packet.writeByte(MU_SILENCE); // the last frame of a burst covers 20 ms like every other
        }
        queuedBytes -= written;
        playedTotal += written;
        seq = (seq + 1) & 0xFFFF;
        timestamp += FRAME;
        playedFrames.incrementAndGet();
        endpoint.send(packet, AudioCodec.PCMU, this, LIVE, FRAME);
        reportPlayedMarks();
        if (queuedBytes == 0) {
            release();
        }
    }

    private void reportPlayedMarks() {
        while (!marks.isEmpty() && marks.peek().position() <= playedTotal) {
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
