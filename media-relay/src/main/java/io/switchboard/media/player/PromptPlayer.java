package io.switchboard.media.player;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.G711;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.endpoint.EndpointTimer;
import io.switchboard.media.endpoint.RtpEndpoint;
import io.switchboard.media.pipeline.SourcePriority;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Plays a sequence of prompts (optionally looped, for hold music) into an endpoint as 20 ms G.711 packets.
 *
 * <p>Pacing runs on the endpoint's loop with one fixed-rate timer whose deadlines advance by exactly 20 ms
 * (no accumulated drift). Each tick computes which frame is due from the start time: a short stall is made
 * up by the timer's catch-up ticks (a jitter buffer absorbs that), but after a stall of more than
 * {@link #MAX_LATE_FRAMES} frames the missed frames are skipped, timestamps included, so the far end sees a
 * gap rather than a flood that would overrun its buffer.
 */
public final class PromptPlayer {
    public static final int FRAME_SAMPLES = 160;
    static final long FRAME_NANOS = 20_000_000L;
    static final int MAX_LATE_FRAMES = 5;

    private final RtpEndpoint endpoint;
    private final List<Prompt> prompts;
    private final boolean loop;
    private final Consumer<PlaybackOutcome> onDone;
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private EndpointTimer timer;
    private long startNanos;
    private long frame;
    private int seq;
    private int promptIndex;
    private int offset;
    private boolean finished;
    private long skippedFrames;
    private long sentFrames;

    /** Prepared on any thread; {@link #start()} runs on the endpoint's loop. */
    public PromptPlayer(RtpEndpoint endpoint, List<Prompt> prompts, boolean loop, Consumer<PlaybackOutcome> onDone) {
        if (prompts.stream().mapToLong(Prompt::sampleCount).sum() == 0) {
            throw new IllegalArgumentException("nothing to play: no prompt or only empty ones");
        }
        this.endpoint = endpoint;
        this.prompts = List.copyOf(prompts);
        this.loop = loop;
        this.onDone = onDone;
    }

    /** Starts pacing now; loop only. */
    public void start() {
        endpoint.claim(SourcePriority.PLAYER);
        startNanos = System.nanoTime();
        sendFrame();
        if (!finished) {
            timer = endpoint.schedule(this::tick, FRAME_NANOS, FRAME_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private void tick() {
        if (finished) {
            return;
        }
        long due = (System.nanoTime() - startNanos) / FRAME_NANOS;
        if (frame > due) {
            // the timer fires missed periods back to back after a stall; we are already on schedule
            return;
        }
        if (due - frame > MAX_LATE_FRAMES) {
            long skip = due - frame;
            skippedFrames += skip;
            for (long i = 0; i < skip && !finished; i++) {
                advance();
            }
            frame += skip;
        }
        if (!finished) {
            sendFrame();
        }
    }

    private void sendFrame() {
        AudioCodec codec = endpoint.codec();
        ByteBuf packet = endpoint.alloc().directBuffer(RtpHeader.FIXED_SIZE + FRAME_SAMPLES);
        RtpHeader.write(packet, frame == 0, codec.staticPayloadType(), seq, frame * FRAME_SAMPLES, ssrc & 0xFFFFFFFFL);
        int written = 0;
        while (written < FRAME_SAMPLES) {
            byte[] samples = prompts.get(promptIndex).samples(codec);
            int n = Math.min(FRAME_SAMPLES - written, samples.length - offset);
            packet.writeBytes(samples, offset, n);
            written += n;
            offset += n;
            if (offset >= samples.length && !nextPrompt()) {
                break;
            }
        }
        if (written < FRAME_SAMPLES) {
            // the last frame of the sequence is padded with silence so every packet covers 20 ms
            byte silence = G711.silence(codec.staticPayloadType());
            for (int i = written; i < FRAME_SAMPLES; i++) {
                packet.writeByte(silence);
            }
        }
        seq = (seq + 1) & 0xFFFF;
        frame++;
        sentFrames++;
        endpoint.send(packet, codec, this, SourcePriority.PLAYER, FRAME_SAMPLES);
        if (finished) {
            complete(PlaybackOutcome.COMPLETED);
        }
    }

    /** Moves past one frame without sending it (stall recovery). */
    private void advance() {
        int remaining = FRAME_SAMPLES;
        while (remaining > 0) {
            int available = prompts.get(promptIndex).sampleCount() - offset;
            int n = Math.min(remaining, available);
            offset += n;
            remaining -= n;
            if (offset >= prompts.get(promptIndex).sampleCount() && !nextPrompt()) {
                return;
            }
        }
    }

    /** Steps to the next prompt; false (and finished) at the end of a non-looping sequence. */
    private boolean nextPrompt() {
        offset = 0;
        promptIndex++;
        if (promptIndex >= prompts.size()) {
            if (!loop) {
                finished = true;
                return false;
            }
            promptIndex = 0;
        }
        return true;
    }

    /** Stops early; loop only. Reports {@code outcome} unless already finished. */
    public void stop(PlaybackOutcome outcome) {
        if (!finished) {
            finished = true;
            complete(outcome);
        }
    }

    private void complete(PlaybackOutcome outcome) {
        if (timer != null) {
            timer.cancel();
        }
        endpoint.unclaim(SourcePriority.PLAYER);
        onDone.accept(outcome);
    }

    public boolean isFinished() {
        return finished;
    }

    public long sentFrames() {
        return sentFrames;
    }

    public long skippedFrames() {
        return skippedFrames;
    }
}
