package io.switchboard.media.dtmf;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.codec.TelephoneEvent;
import io.switchboard.media.endpoint.EndpointTimer;
import io.switchboard.media.endpoint.RtpEndpoint;
import io.switchboard.media.pipeline.SourcePriority;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends digits as RFC 4733 events: for each digit a packet every 20 ms with growing duration (the first
 * with the marker bit, section 2.5.1.1), then the end packet three times (section 2.5.1.4), then a pause
 * before the next digit. All packets of an event share its start timestamp (section 2.5.1.2). Other audio
 * to the endpoint is muted while digits are sent.
 */
public final class Rfc4733Sender {
    static final int TONE_PACKETS = 5; // 100 ms of tone
    static final int END_REPEATS = 3;
    static final int GAP_PACKETS = 3; // 60 ms of pause between digits
    private static final int FRAME = 160;

    private final RtpEndpoint endpoint;
    private final String digits;
    private final Runnable onDone;
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private EndpointTimer timer;
    private int digitIndex;
    private int step;
    private int seq;
    private long eventTimestamp;
    private boolean finished;

    public Rfc4733Sender(RtpEndpoint endpoint, String digits, Runnable onDone) {
        for (char c : digits.toCharArray()) {
            if (TelephoneEvent.eventOf(c) < 0) {
                throw new IllegalArgumentException("'" + c + "' is not a DTMF digit");
            }
        }
        this.endpoint = endpoint;
        this.digits = digits;
        this.onDone = onDone;
    }

    /** Starts sending; loop only. */
    public void start() {
        if (digits.isEmpty()) {
            finished = true;
            onDone.run();
            return;
        }
        endpoint.claim(SourcePriority.DTMF);
        timer = endpoint.schedule(this::tick, 0, 20, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (finished) {
            return;
        }
        int event = TelephoneEvent.eventOf(digits.charAt(digitIndex));
        if (step < TONE_PACKETS) {
            send(event, step == 0, false, (step + 1) * FRAME);
        } else if (step < TONE_PACKETS + END_REPEATS) {
            send(event, false, true, TONE_PACKETS * FRAME);
        }
        step++;
        if (step >= TONE_PACKETS + END_REPEATS + GAP_PACKETS) {
            step = 0;
            eventTimestamp += (long) (TONE_PACKETS + GAP_PACKETS) * FRAME;
            digitIndex++;
            if (digitIndex >= digits.length()) {
                stop();
            }
        }
    }

    private void send(int event, boolean first, boolean end, int duration) {
        ByteBuf packet = endpoint.alloc().directBuffer(RtpHeader.FIXED_SIZE + TelephoneEvent.SIZE);
        RtpHeader.write(packet, first, 0, seq, eventTimestamp, ssrc & 0xFFFFFFFFL);
        TelephoneEvent.write(packet, event, end, 10, duration);
        seq = (seq + 1) & 0xFFFF;
        endpoint.send(packet, null, this, SourcePriority.DTMF, FRAME);
    }

    /** Stops sending (finished or cancelled); loop only. */
    public void stop() {
        if (finished) {
            return;
        }
        finished = true;
        if (timer != null) {
            timer.cancel();
        }
        endpoint.unclaim(SourcePriority.DTMF);
        onDone.run();
    }
}
