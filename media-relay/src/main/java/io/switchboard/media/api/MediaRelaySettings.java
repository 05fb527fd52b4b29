package io.switchboard.media.api;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The relay's own settings, validated once at construction; the launcher maps server settings onto them.
 *
 * @param bindAddress the local address media sockets bind to (0.0.0.0 for all)
 * @param publicAddress the address written into SDP c= and o= lines
 * @param rtpPortMin lowest port of the RTP range (inclusive)
 * @param rtpPortMax highest port of the RTP range (inclusive); RTCP uses RTP port + 1 within the range
 * @param mediaTimeout how long without a packet before a media timeout event on an active call
 * @param heldMediaTimeout the same for a call on hold (the far end may legitimately stay silent)
 * @param natLatchWindow how long after the remote description a source other than the signalled one may
 *     still be latched (symmetric RTP behind NAT); never afterwards
 * @param recordingsDir where recordings are written
 * @param eventLoopThreads media event loops (one per core is right for a dedicated machine)
 */
public record MediaRelaySettings(InetAddress bindAddress, String publicAddress, int rtpPortMin, int rtpPortMax,
        Duration mediaTimeout, Duration heldMediaTimeout, Duration natLatchWindow, Path recordingsDir,
        int eventLoopThreads) {

    public MediaRelaySettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(publicAddress, "publicAddress");
        Objects.requireNonNull(mediaTimeout, "mediaTimeout");
        Objects.requireNonNull(heldMediaTimeout, "heldMediaTimeout");
        Objects.requireNonNull(natLatchWindow, "natLatchWindow");
        Objects.requireNonNull(recordingsDir, "recordingsDir");
        if (publicAddress.isBlank()) {
            throw new IllegalArgumentException("publicAddress: must not be blank");
        }
        if (rtpPortMin < 1024 || rtpPortMax > 65535 || rtpPortMax - rtpPortMin < 3) {
            throw new IllegalArgumentException("rtp ports: need 1024 <= min, max <= 65535 and room for two pairs, got "
                    + rtpPortMin + "-" + rtpPortMax);
        }
        if (mediaTimeout.isNegative() || mediaTimeout.isZero() || heldMediaTimeout.compareTo(mediaTimeout) < 0) {
            throw new IllegalArgumentException("media timeouts: need 0 < mediaTimeout <= heldMediaTimeout, got "
                    + mediaTimeout + " and " + heldMediaTimeout);
        }
        if (natLatchWindow.isNegative()) {
            throw new IllegalArgumentException("natLatchWindow: must not be negative");
        }
        if (eventLoopThreads < 1) {
            throw new IllegalArgumentException("eventLoopThreads: must be at least 1");
        }
    }

    /**
     * Settings with the defaults of CONTRACT.md (ports 20000-29999), 30 s media timeout, 10 min when held, a
     * 2 s NAT latch window and one event loop per available processor.
     */
    public static MediaRelaySettings defaults(InetAddress bindAddress, String publicAddress, Path recordingsDir) {
        return new MediaRelaySettings(bindAddress, publicAddress, 20000, 29999, Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofSeconds(2), recordingsDir,
                Runtime.getRuntime().availableProcessors());
    }

    public MediaRelaySettings withPorts(int min, int max) {
        return new MediaRelaySettings(bindAddress, publicAddress, min, max, mediaTimeout, heldMediaTimeout,
                natLatchWindow, recordingsDir, eventLoopThreads);
    }

    public MediaRelaySettings withTimeouts(Duration media, Duration held) {
        return new MediaRelaySettings(bindAddress, publicAddress, rtpPortMin, rtpPortMax, media, held, natLatchWindow,
                recordingsDir, eventLoopThreads);
    }

    public MediaRelaySettings withNatLatchWindow(Duration window) {
        return new MediaRelaySettings(bindAddress, publicAddress, rtpPortMin, rtpPortMax, mediaTimeout,
                heldMediaTimeout, window, recordingsDir, eventLoopThreads);
    }

    public MediaRelaySettings withEventLoopThreads(int threads) {
        return new MediaRelaySettings(bindAddress, publicAddress, rtpPortMin, rtpPortMax, mediaTimeout,
                heldMediaTimeout, natLatchWindow, recordingsDir, threads);
    }
}
