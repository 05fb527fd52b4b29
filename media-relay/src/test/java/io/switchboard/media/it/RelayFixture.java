package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.MediaRelays;
import io.switchboard.media.api.CollectOutcome;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.RecordingId;
import io.switchboard.media.api.SpeechSynthesizer;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.RtpPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A relay on 127.0.0.1 with a free port range, plus a listener that queues every event for assertions. */
final class RelayFixture implements AutoCloseable {
    record Event(String kind, EndpointId endpoint, String detail) {
    }

    private static final Pattern AUDIO_PORT = Pattern.compile("m=audio (\\d+) ");

    final MediaRelay relay;
    final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<RtpPeer> peers = new ArrayList<>();

    RelayFixture(Path recordings, Duration mediaTimeout) {
        this(recordings, mediaTimeout, null);
    }

    /** With {@code speech} as the speech engine, or the default espeak-ng when null. */
    RelayFixture(Path recordings, Duration mediaTimeout, SpeechSynthesizer speech) {
        this(recordings, mediaTimeout, speech, 2);
    }

    /** With {@code loops} media event loops. */
    RelayFixture(Path recordings, Duration mediaTimeout, int loops) {
        this(recordings, mediaTimeout, null, loops);
    }

    private RelayFixture(Path recordings, Duration mediaTimeout, SpeechSynthesizer speech, int loops) {
        int base = FreePorts.udpRange(64);
        MediaRelaySettings settings = new MediaRelaySettings(InetAddress.getLoopbackAddress(), "127.0.0.1", base,
                base + 63, mediaTimeout, mediaTimeout.multipliedBy(5), Duration.ofSeconds(2), recordings, loops);
        MediaEventListener listener = new MediaEventListener() {
            @Override
            public void onMediaTimeout(EndpointId endpoint) {
                events.add(new Event("timeout", endpoint, ""));
            }

            @Override
            public void onDtmf(EndpointId endpoint, char digit, DtmfSource source) {
                events.add(new Event("dtmf", endpoint, digit + "/" + source));
            }

            @Override
            public void onDigitsCollected(EndpointId endpoint, String digits, CollectOutcome outcome) {
                events.add(new Event("collected", endpoint, digits + "/" + outcome));
            }

            @Override
            public void onPlaybackDone(EndpointId endpoint, long playbackId, PlaybackOutcome outcome) {
                events.add(new Event("playback", endpoint, playbackId + "/" + outcome));
            }

            @Override
            public void onRecordingClosed(RecordingId recording, Path file, Duration duration) {
                events.add(new Event("recording", null, file + "/" + duration.toMillis()));
            }

            @Override
            public void onDigitsSent(EndpointId endpoint, String digits) {
                events.add(new Event("sent", endpoint, digits));
            }

            @Override
            public void onTransportFailed(EndpointId endpoint, io.switchboard.media.api.TransportFailure reason) {
                events.add(new Event("transport-failed", endpoint, reason.name()));
            }
        };
        relay = speech == null ? MediaRelays.start(settings, listener) : MediaRelays.start(settings, listener, speech);
    }

    RtpPeer peer() {
        RtpPeer p = RtpPeer.open();
        peers.add(p);
        return p;
    }

    /** Creates an endpoint answering {@code peer}'s offer and points the peer at it. */
    EndpointId answer(String callId, RtpPeer peer, int codecPt, int eventPt) throws Exception {
        NegotiatedEndpoint e = relay.answer(callId, peer.sdpOffer(codecPt, eventPt)).get(5, TimeUnit.SECONDS);
        peer.remote(new InetSocketAddress("127.0.0.1", audioPort(e.localSdp())));
        return e.id();
    }

    static int audioPort(String sdp) {
        Matcher m = AUDIO_PORT.matcher(sdp);
        assertTrue(m.find(), sdp);
        return Integer.parseInt(m.group(1));
    }

    /** The next event of {@code kind} for {@code endpoint} within {@code timeout}, or null. */
    Event next(String kind, EndpointId endpoint, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (e == null) {
                    return null;
                }
                if (e.kind().equals(kind) && java.util.Objects.equals(e.endpoint(), endpoint)) {
                    return e;
                }
                skipped.add(e);
            }
        } finally {
            // keep other events for later assertions, in order
            List<Event> rest = new ArrayList<>();
            events.drainTo(rest);
            events.addAll(skipped);
            events.addAll(rest);
        }
    }

    /** Every queued event of {@code kind} for {@code endpoint}, removed from the queue. */
    List<String> drain(String kind, EndpointId endpoint) {
        List<Event> all = new ArrayList<>();
        events.drainTo(all);
        List<String> out = new ArrayList<>();
        for (Event e : all) {
            if (e.kind().equals(kind) && java.util.Objects.equals(e.endpoint(), endpoint)) {
                out.add(e.detail());
            } else {
                events.add(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        peers.forEach(RtpPeer::close);
        relay.close();
    }
}
