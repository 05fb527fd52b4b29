package io.switchboard.media.player;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The playout buffer of a live source (a media stream server's replies): decides, one 20 ms frame at a
 * time, whether the caller hears that audio, silence that holds the source's place, or nothing (the place
 * given back to prompts and bridged audio).
 *
 * <p>Such audio arrives on the sender's clock, not ours: a server that paces in real time lands each frame
 * just before or just after our tick, and on a busy machine its frames come late and then in bursts. Played
 * as it comes, the queue is empty between two frames and the place would go back (and a prompt play into
 * the gap) once per frame. So a talk spurt starts by priming: silence until {@link #primeFrames} frames are
 * queued, or until queued audio has waited that long (no frame waits longer than that); an underrun primes
 * again the same way. The place is held over pauses, with silence, until nothing has come for {@link #holdFrames}
 * frames. What was queued always plays in order and whole; a frame holding a partial tail is padded with
 * silence. Not thread-safe: the owner (the endpoint's loop) calls every method.
 */
final class LivePlayout {
    static final int FRAME = PromptPlayer.FRAME_SAMPLES;
    static final byte MU_SILENCE = (byte) 0xFF;

    /** The source's place on the endpoint; each state names those it may move to. */
    enum State {
        /** Nothing queued: the place is given back. */
        IDLE,
        /** Holding the place with silence while audio gathers (start of a spurt, an underrun, a pause). */
        PRIMING,
        /** Playing queued audio a frame per tick. */
        PLAYING;

        boolean mayMoveTo(State next) {
            return switch (this) {
                case IDLE -> next == PRIMING;
                case PRIMING -> next == PLAYING || next == IDLE;
                case PLAYING -> next == PRIMING || next == IDLE;
            };
        }
    }

    /** What one tick sends. */
    enum Step {
        /** No packet: the place is not held. */
        NOTHING,
        /** A frame of silence that holds the place. */
        SILENCE,
        /** A frame of the source's audio (its tail padded with silence). */
        AUDIO
    }

    private final int primeFrames;
    private final int holdFrames;
    private final long maxQueuedBytes;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private State state = State.IDLE;
    private int headOffset;
    private long queuedBytes;
    /** Bytes ever queued and ever played (a clear counts as played): positions for marks. */
    private long enqueuedTotal;
    private long playedTotal;
    /** Ticks spent priming with audio queued, since priming began. */
    private int primedTicks;
    /** Ticks in a row with nothing queued. */
    private int dryTicks;

    /**
     * @param primeFrames frames to gather before a spurt plays (the most a frame waits in priming)
     * @param holdFrames ticks without audio after which the place is given back; at least {@code primeFrames}
     * @param maxQueuedBytes audio beyond this is dropped (a sender far ahead of real time)
     */
    LivePlayout(int primeFrames, int holdFrames, long maxQueuedBytes) {
        if (primeFrames < 0 || holdFrames < primeFrames) {
            throw new IllegalArgumentException("prime " + primeFrames + " frames, hold " + holdFrames);
        }
        this.primeFrames = primeFrames;
        this.holdFrames = holdFrames;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** Queues audio; false (and nothing queued) when it is empty or would exceed the limit. */
    boolean add(byte[] mulaw) {
        if (mulaw.length == 0 || queuedBytes + mulaw.length > maxQueuedBytes) {
            return false;
        }
        queue.add(mulaw);
        queuedBytes += mulaw.length;
        enqueuedTotal += mulaw.length;
        if (state == State.IDLE) {
            prime();
        }
        return true;
    }

    /**
     * The next 20 ms: fills {@code frame} ({@link #FRAME} bytes) for {@link Step#SILENCE} and
     * {@link Step#AUDIO}; leaves it alone for {@link Step#NOTHING}.
     */
    Step next(byte[] frame) {
        dryTicks = queuedBytes == 0 ? dryTicks + 1 : 0;
        if (state == State.PLAYING && queuedBytes < FRAME) {
            prime(); // an underrun: gather again rather than play a fragment now and run dry
        }
        if (state == State.PRIMING) {
            if (queuedBytes == 0 && dryTicks > holdFrames) {
                moveTo(State.IDLE);
                return Step.NOTHING;
            }
            boolean gathered = queuedBytes >= (long) primeFrames * FRAME && queuedBytes > 0;
            boolean waited = queuedBytes > 0 && primedTicks >= primeFrames;
            if (!gathered && !waited) {
                if (queuedBytes > 0) {
                    primedTicks++; // a pause does not count: audio after it is gathered like any other
                }
                Arrays.fill(frame, MU_SILENCE);
                return Step.SILENCE;
            }
            moveTo(State.PLAYING);
        }
        if (state == State.IDLE) {
            return Step.NOTHING;
        }
        fill(frame);
        return Step.AUDIO;
    }

    private void fill(byte[] frame) {
        int written = 0;
        while (written < FRAME && !queue.isEmpty()) {
            byte[] head = queue.peek();
            int n = Math.min(FRAME - written, head.length - headOffset);
            System.arraycopy(head, headOffset, frame, written, n);
            written += n;
            headOffset += n;
            if (headOffset == head.length) {
                queue.poll();
                headOffset = 0;
            }
        }
        Arrays.fill(frame, written, FRAME, MU_SILENCE); // the tail of a spurt covers 20 ms too
        queuedBytes -= written;
        playedTotal += written;
    }

    /** Drops the audio not yet played and gives the place back at once (a server's {@code clear}). */
    void clear() {
        queue.clear();
        headOffset = 0;
        queuedBytes = 0;
        playedTotal = enqueuedTotal;
        if (state != State.IDLE) {
            moveTo(State.IDLE);
        }
    }

    private void prime() {
        moveTo(State.PRIMING);
        primedTicks = 0;
    }

    private void moveTo(State next) {
        if (!state.mayMoveTo(next)) {
            throw new IllegalStateException("live playout: " + state + " -> " + next);
        }
        state = next;
    }

    /** True while the source holds its place (priming, playing or pausing). */
    boolean holdsPlace() {
        return state != State.IDLE;
    }

    State state() {
        return state;
    }

    long enqueuedTotal() {
        return enqueuedTotal;
    }

    long playedTotal() {
        return playedTotal;
    }
}
