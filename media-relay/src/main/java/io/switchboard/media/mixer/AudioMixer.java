package io.switchboard.media.mixer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.media.api.MixerRole;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.pipeline.RtpConsumer;
import io.switchboard.media.endpoint.RtpEndpoint;
import io.switchboard.media.pipeline.SourcePriority;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An N-party mix at 8 kHz linear: every 20 ms each participant's next received frame is decoded (silence
 * when none arrived), all speakers are summed, and each participant is sent the sum minus its own voice,
 * saturated to 16 bits and encoded in its own law. A listener hears everyone and adds nothing (listen-in);
 * switching a listener to speaker is barge-in. Confined to the call's loop; each participant is the consumer
 * of its endpoint while it takes part, and the mixer allocates nothing per frame beyond pooled packets.
 */
public final class AudioMixer {
    static final int FRAME = 160;
    private static final long FRAME_NANOS = 20_000_000L;

    private final String id;
    private final EventLoop loop;
    private final List<Participant> participants = new ArrayList<>();
    private final int[] sum = new int[FRAME];
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private ScheduledFuture<?> ticker;
    private int seq;
    private long timestamp;
    private long ticks;

    public AudioMixer(String id, EventLoop loop) {
        this.id = id;
        this.loop = loop;
    }

    public String id() {
        return id;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Adds {@code endpoint} (or changes its role); it stops feeding any bridge. Loop only. */
    public void join(RtpEndpoint endpoint, MixerRole role) {
        if (endpoint.loop() != loop) {
            throw new IllegalArgumentException("endpoint " + endpoint.id() + " is not in the mixer's call");
        }
        Participant p = find(endpoint);
        if (p == null) {
            p = new Participant(endpoint);
            participants.add(p);
            endpoint.setConsumer(p);
        }
        p.role = role;
        if (ticker == null) {
            ticker = loop.scheduleAtFixedRate(this::tick, FRAME_NANOS, FRAME_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /** Removes {@code endpoint}; true when it was a participant. Loop only. */
    public boolean leave(RtpEndpoint endpoint) {
        Participant p = find(endpoint);
        if (p == null) {
            return false;
        }
        participants.remove(p);
        if (endpoint.consumer() == p) {
            endpoint.setConsumer(null);
        }
        if (participants.isEmpty() && ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
        return true;
    }

    public boolean contains(RtpEndpoint endpoint) {
        return find(endpoint) != null;
    }

    public int size() {
        return participants.size();
    }

    /** Stops mixing and releases every participant. Loop only. */
    public void close() {
        for (Participant p : List.copyOf(participants)) {
            leave(p.endpoint);
        }
    }

    private void tick() {
        ticks++;
        java.util.Arrays.fill(sum, 0);
        for (Participant p : participants) {
            p.takeFrame();
            if (p.role == MixerRole.SPEAKER && p.hasCurrent) {
                for (int i = 0; i < FRAME; i++) {
                    sum[i] += p.current[i];
                }
            }
        }
        for (Participant p : participants) {
            boolean ownVoice = p.role == MixerRole.SPEAKER && p.hasCurrent;
            AudioCodec codec = p.endpoint.codec();
            ByteBuf packet = p.endpoint.alloc().directBuffer(RtpHeader.FIXED_SIZE + FRAME);
            RtpHeader.write(packet, false, codec.staticPayloadType(), seq, timestamp, ssrc & 0xFFFFFFFFL);
            for (int i = 0; i < FRAME; i++) {
                int v = ownVoice ? sum[i] - p.current[i] : sum[i];
                v = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
                packet.writeByte(codec.encode(v));
            }
            p.endpoint.send(packet, codec, this, SourcePriority.RELAY, FRAME);
        }
        seq = (seq + 1) & 0xFFFF;
        timestamp += FRAME;
    }

    private Participant find(RtpEndpoint endpoint) {
        for (Participant p : participants) {
            if (p.endpoint == endpoint) {
                return p;
            }
        }
        return null;
    }

    public long ticks() {
        return ticks;
    }

    /**
     * One participant: a small queue of decoded 20 ms frames between its packets and the mixing tick, so
     * a packet arriving just before or after a tick is neither lost nor doubled; the queue is kept short
     * (at most {@link #DEPTH} frames) so the mix adds little delay. It is the consumer of its endpoint's
     * receive path while it takes part.
     */
    private static final class Participant implements RtpConsumer {
        static final int DEPTH = 3;
        final RtpEndpoint endpoint;
        final short[][] queue = new short[DEPTH][FRAME];
        final short[] current = new short[FRAME];
        MixerRole role;
        int head;
        int count;
        int partial;
        boolean hasCurrent;

        Participant(RtpEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public void consume(ByteBuf packet, boolean event, AudioCodec codec, long arrivalNanos) {
            try {
                if (!event) {
                    buffer(packet, codec);
                }
            } finally {
                packet.release();
            }
        }

        /** Decodes the payload into frame-sized slots; when full, the oldest frame is dropped. */
        void buffer(ByteBuf packet, AudioCodec codec) {
            int start = packet.readerIndex() + RtpHeader.payloadOffset(packet);
            int length = RtpHeader.payloadLength(packet);
            for (int i = 0; i < length; i++) {
                if (partial == 0 && count == DEPTH) {
                    head = (head + 1) % DEPTH;
                    count--;
                }
                short[] slot = queue[(head + count) % DEPTH];
                slot[partial++] = codec.decode(packet.getByte(start + i));
                if (partial == FRAME) {
                    partial = 0;
                    count++;
                }
            }
        }

        void takeFrame() {
            if (count == 0) {
                hasCurrent = false;
                return;
            }
            System.arraycopy(queue[head], 0, current, 0, FRAME);
            head = (head + 1) % DEPTH;
            count--;
            hasCurrent = true;
        }
    }
}
