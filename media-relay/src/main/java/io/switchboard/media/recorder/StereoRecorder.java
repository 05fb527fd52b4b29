package io.switchboard.media.recorder;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.endpoint.RtpEndpoint;
import io.switchboard.media.pipeline.RtpObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a call as a stereo WAV: what the customer's endpoint receives on the left, what the agent's
 * receives on the right (while there is no agent, as in an IVR, what the customer's endpoint sends: the
 * prompts and music the caller hears), placed by arrival time and RTP timestamps on one timeline ({@link StereoTimeline}). Taps decode on
 * the call's loop into the timeline; every {@link #FLUSH_MILLIS} ms the released frames go to the disk
 * executor, one write at a time per recording, never blocking the loop. While paused, silence is
 * recorded, so the file's timeline still matches the call.
 */
public final class StereoRecorder {
    static final int FLUSH_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(StereoRecorder.class);

    private final String id;
    private final EventLoop loop;
    private final Executor disk;
    private final Path path;
    private final BiConsumer<Path, Duration> onClosed;
    private final StereoTimeline timeline;
    private final Tap left = new Tap(0);
    private final Tap right = new Tap(1);
    private RtpEndpoint customer;
    private RtpEndpoint agent;
    private ScheduledFuture<?> flusher;
    /** Serialises disk work of this recording: each step runs after the previous one. */
    private CompletableFuture<WavFileSink> sink;
    private boolean paused;
    private boolean stopped;
    /** Completes when the file is closed (or closing failed); the disk executor must outlive it. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    /**
     * Prepared and started on the call's loop; the file is opened on the disk executor.
     *
     * @param onClosed gets the path and the recorded duration once the file is complete (on the disk executor)
     */
    public StereoRecorder(String id, EventLoop loop, Executor disk, Path path, BiConsumer<Path, Duration> onClosed) {
        this.id = id;
        this.loop = loop;
        this.disk = disk;
        this.path = path;
        this.onClosed = onClosed;
        this.timeline = new StereoTimeline(System.nanoTime());
    }

    /** Attaches the taps and starts flushing; loop only. {@code agentEndpoint} may be null. */
    public void start(RtpEndpoint customerEndpoint, RtpEndpoint agentEndpoint) {
        sink = CompletableFuture.supplyAsync(() -> {
            try {
                return new WavFileSink(path);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot create recording " + path, e);
            }
        }, disk);
        sink.whenComplete((s, e) -> {
            if (e != null) {
                LOG.error("recording {}: {}", id, e.getMessage());
            }
        });
        setCustomer(customerEndpoint);
        setAgent(agentEndpoint);
        flusher = loop.scheduleAtFixedRate(() -> flush(false), FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Replaces the endpoint recorded on the left; loop only. */
    public void setCustomer(RtpEndpoint endpoint) {
        if (customer != null) {
            customer.removeObserver(left);
            if (customer.sentAudioObserver() == right) {
                customer.setSentAudioObserver(null);
            }
        }
        customer = endpoint;
        if (endpoint != null) {
            endpoint.addObserver(left);
            if (agent == null) {
                endpoint.setSentAudioObserver(right);
            }
        }
    }

    /**
     * Replaces the endpoint recorded on the right (an agent transfer); null records what the customer's
     * endpoint sends instead. Loop only.
     */
    public void setAgent(RtpEndpoint endpoint) {
        if (agent != null) {
            agent.removeObserver(right);
        }
        agent = endpoint;
        if (endpoint != null) {
            endpoint.addObserver(right);
        }
        if (customer != null) {
            customer.setSentAudioObserver(endpoint == null ? right : null);
        }
    }

    public RtpEndpoint customer() {
        return customer;
    }

    public RtpEndpoint agent() {
        return agent;
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    /** Stops: detaches the taps, writes what is left, and closes the file; loop only. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        setAgent(null);
        setCustomer(null);
        if (flusher != null) {
            flusher.cancel(false);
        }
        flush(true);
        if (timeline.lateSamplesCut() > 0 || timeline.overflowSamplesDropped() > 0) {
            // audio that arrived more than 200 ms late, or from a stream far ahead of the clock
            LOG.warn("recording {}: {} late samples cut, {} samples beyond the window dropped", id,
                    timeline.lateSamplesCut(), timeline.overflowSamplesDropped());
        }
        sink.thenApplyAsync(s -> {
            try {
                long frames = s.close();
                return Duration.ofMillis(frames / 8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, disk).whenComplete((duration, e) -> {
            if (e != null) {
                LOG.error("recording {}: closing {} failed", id, path, e);
            } else {
                onClosed.accept(path, duration);
            }
            closed.complete(null);
        });
    }

    /**
     * Completes once the file is closed after {@link #stop()}; wait for it before shutting the disk
     * executor down, since each queued write schedules the next step on that executor.
     */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    public boolean isStopped() {
        return stopped;
    }

    public Path path() {
        return path;
    }

    public EventLoop loop() {
        return loop;
    }

    private void flush(boolean all) {
        byte[] pcm = timeline.drain(System.nanoTime(), all);
        if (pcm.length == 0 && !all) {
            return;
        }
        sink = sink.thenApplyAsync(s -> {
            try {
                s.append(pcm);
            } catch (IOException e) {
                LOG.error("recording {}: write to {} failed", id, path, e);
            }
            return s;
        }, disk);
    }

    /** Decodes one endpoint's received audio into its channel; reuses one sample buffer. */
    private final class Tap implements RtpObserver {
        private final int channel;
        private short[] samples = new short[160];

        Tap(int channel) {
            this.channel = channel;
        }

        @Override
        public void onRtp(ByteBuf packet, boolean event, AudioCodec codec, long arrivalNanos) {
            if (event || paused || stopped) {
                return;
            }
            int start = packet.readerIndex() + RtpHeader.payloadOffset(packet);
            int length = RtpHeader.payloadLength(packet);
            if (length > samples.length) {
                samples = new short[length];
            }
            for (int i = 0; i < length; i++) {
                samples[i] = codec.decode(packet.getByte(start + i));
            }
            timeline.put(channel, arrivalNanos, RtpHeader.timestamp(packet), RtpHeader.ssrc(packet), samples, length);
        }
    }
}
