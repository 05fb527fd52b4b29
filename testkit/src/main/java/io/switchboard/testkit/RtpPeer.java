package io.switchboard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A small RTP peer for tests: sends G.711 packets (from a tone, samples or RFC 4733 events) paced every
 * 20 ms from one loopback port, and records every packet it receives with its arrival time. One
 * continuous outgoing stream (SSRC, sequence, timestamp) across all sends. Self-contained (no Netty), so
 * any module's tests can use it; close it to stop the receive thread.
 */
public final class RtpPeer implements AutoCloseable {
    public static final int PCMU = 0;
    public static final int PCMA = 8;
    private static final int FRAME = 160;
    private static final long FRAME_NANOS = 20_000_000L;

    /** One received datagram. */
    public record Received(long arrivalNanos, InetSocketAddress from, byte[] data) {
        public int payloadType() {
            return data[1] & 0x7F;
        }

        public boolean marker() {
            return (data[1] & 0x80) != 0;
        }

        public int sequence() {
            return ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        }

        public long timestamp() {
            return ByteBuffer.wrap(data, 4, 4).getInt() & 0xFFFFFFFFL;
        }

        public long ssrc() {
            return ByteBuffer.wrap(data, 8, 4).getInt() & 0xFFFFFFFFL;
        }

        /** The payload after the fixed header and any CSRCs (tests send and expect no extensions). */
        public byte[] payload() {
            int offset = 12 + 4 * (data[0] & 0x0F);
            byte[] p = new byte[data.length - offset];
            System.arraycopy(data, offset, p, 0, p.length);
            return p;
        }
    }

    private final DatagramChannel channel;
    private final Thread receiver;
    private final List<Received> received = new ArrayList<>();
    private volatile boolean open = true;
    private volatile InetSocketAddress remote;
    private final int ssrc = (int) (Math.random() * Integer.MAX_VALUE);
    private int seq = (int) (Math.random() * 30000);
    private long timestamp = (long) (Math.random() * 1_000_000);

    private RtpPeer(DatagramChannel channel) {
        this.channel = channel;
        this.receiver = new Thread(this::receiveLoop, "rtp-peer-" + port());
        this.receiver.setDaemon(true);
        this.receiver.start();
    }

    /** Opens a peer on an ephemeral 127.0.0.1 port. */
    public static RtpPeer open() {
        try {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new RtpPeer(ch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return channel.socket().getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** Where {@link #send} and the paced senders go. */
    public void remote(InetSocketAddress address) {
        this.remote = address;
    }

    /** The current remote, or null. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    public int ssrc() {
        return ssrc;
    }

    /**
     * An SDP offer for this peer: one audio stream with {@code codecPt} (0 or 8) and, when
     * {@code eventPt >= 0}, telephone-event on that number.
     */
    public String sdpOffer(int codecPt, int eventPt) {
        StringBuilder sb = new StringBuilder();
        sb.append("v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
        sb.append("m=audio ").append(port()).append(" RTP/AVP ").append(codecPt);
        if (eventPt >= 0) {
            sb.append(' ').append(eventPt);
        }
        sb.append("\r\na=rtpmap:").append(codecPt).append(codecPt == PCMA ? " PCMA/8000" : " PCMU/8000").append("\r\n");
        if (eventPt >= 0) {
            sb.append("a=rtpmap:").append(eventPt).append(" telephone-event/8000\r\na=fmtp:").append(eventPt)
                    .append(" 0-16\r\n");
        }
        sb.append("a=ptime:20\r\na=sendrecv\r\n");
        return sb.toString();
    }

    /** Sends one raw datagram to the remote now. */
    public void sendRaw(byte[] datagram) {
        try {
            channel.send(ByteBuffer.wrap(datagram), remote);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code samples} as G.711 audio in 20 ms packets, paced against the wall clock; blocks. */
    public void sendSamples(short[] samples, int payloadType) {
        long start = System.nanoTime();
        int frames = (samples.length + FRAME - 1) / FRAME;
        for (int f = 0; f < frames; f++) {
            byte[] payload = new byte[FRAME];
            for (int i = 0; i < FRAME; i++) {
                int idx = f * FRAME + i;
                int s = idx < samples.length ? samples[idx] : 0;
                payload[i] = payloadType == PCMA ? linearToAlaw(s) : linearToUlaw(s);
            }
            awaitFrame(start, f);
            sendPacket(payloadType, f == 0, timestamp, payload);
            timestamp += FRAME;
        }
    }

    /** Sends a sine tone of {@code hz} at {@code amplitude} for {@code duration}; blocks. */
    public void sendTone(double hz, int amplitude, Duration duration, int payloadType) {
        sendSamples(tone(hz, amplitude, (int) (duration.toMillis() * 8)), payloadType);
    }

    /**
     * Sends digits as RFC 4733 events (section 2.5): 5 updates 20 ms apart, then three end packets, with
     * 60 ms of silent audio between digits. {@code dropEnds} lists end packets (0..2) not to send, to
     * simulate loss.
     */
    public void sendDtmfEvents(String digits, int eventPt, int codecPt, int... dropEnds) {
        long start = System.nanoTime();
        int frame = 0;
        byte[] silence = new byte[FRAME];
        java.util.Arrays.fill(silence, codecPt == PCMA ? (byte) 0xD5 : (byte) 0xFF);
        for (char digit : digits.toCharArray()) {
            int event = "0123456789*#ABCD".indexOf(digit);
            long eventTs = timestamp;
            for (int i = 1; i <= 8; i++) {
                boolean end = i > 5;
                int duration = Math.min(i, 5) * FRAME;
                boolean dropped = false;
                for (int d : dropEnds) {
                    dropped |= end && d == i - 6;
                }
                awaitFrame(start, frame++);
                byte[] payload = {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
                if (dropped) {
                    seq = (seq + 1) & 0xFFFF; // lost in the network: the sequence number is still used
                } else {
                    sendPacket(eventPt, i == 1, eventTs, payload);
                }
            }
            timestamp += 5 * FRAME;
            for (int g = 0; g < 3; g++) {
                awaitFrame(start, frame++);
                sendPacket(codecPt, false, timestamp, silence);
                timestamp += FRAME;
            }
        }
    }

    private void sendPacket(int payloadType, boolean marker, long ts, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | payloadType)).putShort((short) seq)
                .putInt((int) ts).putInt(ssrc).put(payload).flip();
        seq = (seq + 1) & 0xFFFF;
        try {
            channel.send(b, remote);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitFrame(long start, int frame) {
        long due = start + frame * FRAME_NANOS;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** A copy of everything received so far. */
    public List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    /** Forgets what was received so far. */
    public void clearReceived() {
        synchronized (received) {
            received.clear();
        }
    }

    /** Waits until at least {@code count} received packets match, or the timeout passes; returns the matches. */
    public List<Received> await(Predicate<Received> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> matches;
        do {
            matches = received().stream().filter(filter).toList();
            if (matches.size() >= count) {
                return matches;
            }
            LockSupport.parkNanos(10_000_000L);
        } while (System.nanoTime() < deadline);
        return matches;
    }

    /** The audio payloads of {@code packets} (of one G.711 payload type) decoded and concatenated. */
    public static short[] decode(List<Received> packets, int payloadType) {
        int total = packets.stream().mapToInt(p -> p.payload().length).sum();
        short[] out = new short[total];
        int i = 0;
        for (Received p : packets) {
            for (byte b : p.payload()) {
                out[i++] = payloadType == PCMA ? alawToLinear(b) : ulawToLinear(b);
            }
        }
        return out;
    }

    /** Samples of a sine tone at 8 kHz. */
    public static short[] tone(double hz, int amplitude, int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / 8000.0));
        }
        return s;
    }

    /** Power of {@code hz} in {@code samples} relative to their total energy (1.0 for a pure tone). */
    public static double toneShare(short[] samples, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / 8000.0);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (short x : samples) {
            double s0 = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
            energy += (double) x * x;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return energy == 0 ? 0 : power / (energy * samples.length / 2);
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (open) {
            try {
                buf.clear();
                // blocks until a datagram arrives or close() makes it throw AsynchronousCloseException
                InetSocketAddress from = (InetSocketAddress) channel.receive(buf);
                long now = System.nanoTime();
                if (from == null) {
                    continue;
                }
                buf.flip();
                byte[] data = new byte[buf.remaining()];
                buf.get(data);
                synchronized (received) {
                    received.add(new Received(now, from, data));
                }
            } catch (IOException e) {
                if (open) {
                    LockSupport.parkNanos(1_000_000L);
                }
            }
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            channel.close();
        } catch (IOException e) {
            // closing a datagram channel does not fail in practice; nothing to do
        }
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // G.711 (ITU-T G.711 sections 2 and 3), duplicated here so the test kit needs no media-relay dependency.

    static byte linearToUlaw(int sample) {
        int sign = (sample >> 8) & 0x80;
        int mag = sign != 0 ? -sample : sample;
        mag = Math.min(mag, 32635) + 0x84;
        int exp = 7;
        for (int mask = 0x4000; (mag & mask) == 0 && exp > 0; mask >>= 1) {
            exp--;
        }
        return (byte) ~(sign | (exp << 4) | ((mag >> (exp + 3)) & 0x0F));
    }

    static byte linearToAlaw(int sample) {
        int pcm = sample >> 3;
        int mask = pcm >= 0 ? 0xD5 : 0x55;
        if (pcm < 0) {
            pcm = -pcm - 1;
        }
        int[] segEnd = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
        int seg = 0;
        while (seg < 8 && pcm > segEnd[seg]) {
            seg++;
        }
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int aval = (seg << 4) | (seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F);
        return (byte) (aval ^ mask);
    }

    public static short ulawToLinear(byte code) {
        int u = ~code & 0xFF;
        int t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    static short alawToLinear(byte code) {
        int a = (code ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        if (seg == 0) {
            t += 8;
        } else {
            t = (t + 0x108) << (seg - 1);
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }
}
