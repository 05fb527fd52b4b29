package io.switchboard.media.internal;

import io.switchboard.media.api.DigitCollection;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.bridge.RtpBridge;
import io.switchboard.media.dtmf.DigitCollector;
import io.switchboard.media.dtmf.InbandDtmfObserver;
import io.switchboard.media.dtmf.Rfc4733Receiver;
import io.switchboard.media.dtmf.Rfc4733Sender;
import io.switchboard.media.endpoint.RtpEndpoint;
import io.switchboard.media.player.Prompt;
import io.switchboard.media.player.PromptPlayer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One call leg's media state around its endpoint: bridge, player, DTMF receivers, digit collection and
 * DTMF sending. Confined to the endpoint's loop; {@link #teardown()} stops everything it owns.
 */
final class Leg {
    /** Digits kept for the next collection while none runs (type-ahead). */
    private static final int TYPE_AHEAD_LIMIT = 32;

    final EndpointId id;
    final String callId;
    final RtpEndpoint endpoint;
    final long sessionId;
    long sessionVersion = 1;
    private final MediaEventListener events;
    private final Rfc4733Receiver rfc4733;
    private final InbandDtmfObserver inband;
    private final StringBuilder typeAhead = new StringBuilder();
    /** The bridge this leg is in and the leg at its other end, both null when unbridged. */
    private RtpBridge bridge;
    private Leg bridgePeer;
    /** Forks of this leg's received audio by id. */
    final java.util.Map<String, io.switchboard.media.fork.ForkTap> forks = new java.util.HashMap<>();
    /** Forks of the audio this leg sends, by id (live media streams' outbound track). */
    final java.util.Map<String, io.switchboard.media.fork.ForkTap> sentForks = new java.util.HashMap<>();
    /** Live playbacks into this leg (bidirectional media streams); closed with the leg. */
    final java.util.List<io.switchboard.media.player.StreamedPlayback> livePlaybacks = new java.util.ArrayList<>(1);
    private PromptPlayer player;
    private boolean playerStopsOnDtmf;
    private DigitCollector collector;
    private Rfc4733Sender sender;

    Leg(EndpointId id, String callId, RtpEndpoint endpoint, long sessionId, MediaEventListener events) {
        this.id = id;
        this.callId = callId;
        this.endpoint = endpoint;
        this.sessionId = sessionId;
        this.events = events;
        this.rfc4733 = new Rfc4733Receiver(this::onDigit);
        endpoint.addObserver(rfc4733);
        this.inband = new InbandDtmfObserver(this::onDigit, rfc4733); // observes while enabled, see updateInband
    }

    private void onDigit(char digit, DtmfSource source) {
        events.onDtmf(id, digit, source);
        if (player != null && playerStopsOnDtmf) {
            player.stop(PlaybackOutcome.STOPPED_BY_DTMF);
        }
        if (collector != null && !collector.isDone()) {
            collector.onDigit(digit);
        } else if (typeAhead.length() < TYPE_AHEAD_LIMIT) {
            typeAhead.append(digit);
        }
    }

    void play(long playbackId, List<Prompt> prompts, boolean loop, boolean stopOnDtmf) {
        stopPlayback();
        PromptPlayer[] self = new PromptPlayer[1];
        self[0] = new PromptPlayer(endpoint, prompts, loop, outcome -> {
            if (player == self[0]) {
                player = null;
                updateInband();
            }
            events.onPlaybackDone(id, playbackId, outcome);
        });
        player = self[0];
        playerStopsOnDtmf = stopOnDtmf;
        updateInband();
        // a digit pressed before this prompt started is type-ahead for collection, not a barge-in
        player.start();
    }

    void stopPlayback() {
        if (player != null) {
            PromptPlayer p = player;
            player = null;
            p.stop(PlaybackOutcome.STOPPED);
            updateInband();
        }
    }

    void collect(DigitCollection request) {
        cancelCollection();
        if (request.discardTypeAhead()) {
            typeAhead.setLength(0);
        }
        DigitCollector[] self = new DigitCollector[1];
        self[0] = new DigitCollector(request,
                (task, nanos) -> endpoint.schedule(task, nanos, 0, TimeUnit.NANOSECONDS)::cancel, (digits, outcome) -> {
            if (collector == self[0]) {
                collector = null;
                updateInband();
            }
            events.onDigitsCollected(id, digits, outcome);
        });
        collector = self[0];
        updateInband();
        String buffered = typeAhead.toString();
        typeAhead.setLength(0);
        collector.start(buffered);
    }

    void cancelCollection() {
        if (collector != null) {
            DigitCollector c = collector;
            collector = null;
            c.cancel();
            updateInband();
        }
    }

    void sendDigits(String digits) {
        if (sender != null) {
            sender.stop();
        }
        Rfc4733Sender[] self = new Rfc4733Sender[1];
        self[0] = new Rfc4733Sender(endpoint, digits, () -> {
            if (sender == self[0]) {
                sender = null;
            }
            events.onDigitsSent(id, digits);
        });
        sender = self[0];
        sender.start();
    }

    /**
     * Bridges this leg with {@code other} (same loop, the caller on it), ending the bridges either was in.
     */
    void bridgeWith(Leg other) {
        unbridge();
        other.unbridge();
        RtpBridge b = RtpBridge.connect(endpoint, other.endpoint);
        bridge = b;
        bridgePeer = other;
        other.bridge = b;
        other.bridgePeer = this;
    }

    /**
     * Ends this leg's bridge, if any, for both ends: the bridge names its two legs, so nothing else is looked
     * at. Both legs are on this loop (a bridge only joins legs of one loop; see Colocation).
     */
    void unbridge() {
        RtpBridge b = bridge;
        if (b == null) {
            return;
        }
        b.disconnect();
        Leg peer = bridgePeer;
        bridge = null;
        bridgePeer = null;
        if (peer != null && peer.bridge == b) {
            peer.bridge = null;
            peer.bridgePeer = null;
        }
    }

    /** The leg at the other end of this leg's bridge, or null. */
    Leg bridgePeer() {
        return bridgePeer;
    }

    /**
     * In-band detection runs only while a collection or a barge-in prompt wants digits; only then does the
     * detector observe the endpoint, so that otherwise received audio does not read it at all.
     */
    private void updateInband() {
        boolean on = (collector != null && !collector.isDone()) || (player != null && playerStopsOnDtmf);
        if (on == inband.isEnabled()) {
            return;
        }
        inband.setEnabled(on);
        if (on) {
            endpoint.addObserver(inband);
        } else {
            endpoint.removeObserver(inband);
        }
    }

    boolean collecting() {
        return collector != null && !collector.isDone();
    }

    /** Stops the player, collection and sender, and unhooks the bridge; the endpoint is closed by the caller. */
    void teardown() {
        stopPlayback();
        livePlaybacks.forEach(io.switchboard.media.player.StreamedPlayback::close);
        livePlaybacks.clear();
        if (collector != null) {
            DigitCollector c = collector;
            collector = null;
            c.cancel();
        }
        if (sender != null) {
            sender.stop();
        }
        unbridge();
    }
}
