package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.media.api.MixerId;
import io.switchboard.media.api.MixerRole;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.api.RecordingId;
import io.switchboard.media.codec.WavWriter;
import io.switchboard.media.endpoint.MediaLoops;
import io.switchboard.media.webrtc.WebRtcPeer;
import io.switchboard.testkit.RtpPeer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bridges endpoints that were created on different media loops, as a softphone agent's endpoint (made under
 * the agent's key) is bridged to one caller after another. The relay runs three loops and the call keys are
 * chosen so that every endpoint starts on a loop of its own.
 */
class CrossLoopBridgeIT {
    private static final int LOOPS = 3;

    @TempDir
    Path dir;

    @Test
    void aWebRtcAgentIsBridgedRecordedAndRebridgedToACallerOnAThirdLoop() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30), LOOPS);
                WebRtcPeer browser = new WebRtcPeer()) {
            // the agent's media comes up at login, on the agent's loop, before any call
            NegotiatedEndpoint w = f.relay.answer(keyOnLoop("agent-", 1), browser.offer()).get(5, TimeUnit.SECONDS);
            browser.connect(browser.answer(w.localSdp()));

            RtpPeer caller1 = f.peer();
            EndpointId c1 = f.answer(keyOnLoop("call-", 0), caller1, RtpPeer.PCMA, 96);
            f.relay.bridge(c1, w.id()).get(5, TimeUnit.SECONDS);
            RecordingId rec = f.relay.startRecording(c1, w.id(), "cross-loop-1").get(5, TimeUnit.SECONDS);
            talk(caller1, RtpPeer.PCMA, 500, browser, 1500);
            f.relay.stopRecording(rec).get(5, TimeUnit.SECONDS);
            assertNotNull(f.next("recording", null, Duration.ofSeconds(5)), "recording closed event");
            Path file = find(dir, "cross-loop-1.wav");
            assertTrue(loudShare(channel(file, 0), 500) > 0.8, "the caller is on the left channel");
            assertTrue(loudShare(channel(file, 1), 1500) > 0.8, "the agent is on the right channel");

            f.relay.unbridge(w.id()).get(5, TimeUnit.SECONDS);
            RtpPeer caller2 = f.peer();
            EndpointId c2 = f.answer(keyOnLoop("call-", 2), caller2, RtpPeer.PCMU, 101);
            f.relay.bridge(c2, w.id()).get(5, TimeUnit.SECONDS);
            caller1.clearReceived();
            talk(caller2, RtpPeer.PCMU, 700, browser, 1100);
            assertEquals(0, caller1.received().size(), "the first caller hears nothing of the second call");

            assertEquals(2, f.relay.endpointMoves(), "the agent's endpoint followed each caller to its loop");
            EndpointStatistics ws = f.relay.statistics(w.id()).get(5, TimeUnit.SECONDS);
            assertEquals(0, ws.packetsLost(), "the agent's SRTP stream survived both moves");
            assertEquals(0L, WebRtcBridgeIT.node(ws, "receive/srtp").dropped().get("auth"));
        }
    }

    @Test
    void aPromptPlayingOnTheMovedEndpointPlaysOnToItsEndOnTheNewLoop() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30), LOOPS)) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            EndpointId c = f.answer(keyOnLoop("call-", 0), caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer(keyOnLoop("agent-", 1), agent, RtpPeer.PCMU, 101);
            Path prompt = dir.resolve("whisper-1000hz.wav");
            Files.write(prompt, WavWriter.monoPcm(8000, RtpPeer.tone(1000, 8000, 8000 * 2)));
            long playback = f.relay.play(a, PlaybackRequest.files(List.of(prompt), false, false))
                    .get(5, TimeUnit.SECONDS);
            agent.await(r -> true, 10, Duration.ofSeconds(3)); // the whisper is under way on the agent's loop

            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            assertEquals(1, f.relay.endpointMoves());
            RelayFixture.Event done = f.next("playback", a, Duration.ofSeconds(5));
            assertNotNull(done, "the whisper ended");
            assertEquals(playback + "/COMPLETED", done.detail());
            List<RtpPeer.Received> whisper = agent.await(r -> true, 100, Duration.ofSeconds(1));
            assertTrue(whisper.size() >= 95 && whisper.size() <= 100, whisper.size() + " of 100 whisper packets: "
                    + whisper.stream().map(r -> r.sequence() + "@" + r.arrivalNanos() / 1_000_000).toList());
            assertTrue(RtpPeer.toneShare(RtpPeer.decode(whisper, RtpPeer.PCMU), 1000) > 0.9);

            agent.clearReceived();
            talk(caller, RtpPeer.PCMU, 600, agent, 1200);
        }
    }

    @Test
    void aSupervisorOfAnotherLoopJoinsTheCallsMixerAndHearsBothParties() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30), LOOPS)) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            RtpPeer supervisor = f.peer();
            String call = keyOnLoop("call-", 0);
            EndpointId c = f.answer(call, caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer(keyOnLoop("agent-", 1), agent, RtpPeer.PCMU, 101);
            EndpointId s = f.answer(keyOnLoop("supervisor-", 2), supervisor, RtpPeer.PCMU, 101);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            MixerId mix = f.relay.createMixer(call).get(5, TimeUnit.SECONDS);
            f.relay.joinMixer(mix, c, MixerRole.SPEAKER).get(5, TimeUnit.SECONDS);
            f.relay.joinMixer(mix, a, MixerRole.SPEAKER).get(5, TimeUnit.SECONDS);
            f.relay.joinMixer(mix, s, MixerRole.LISTENER).get(5, TimeUnit.SECONDS);
            assertEquals(2, f.relay.endpointMoves(), "the agent came to the caller's loop, then the supervisor");

            CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> caller.sendTone(500, 6000, Duration.ofMillis(1500), RtpPeer.PCMU)),
                    CompletableFuture.runAsync(() -> agent.sendTone(1500, 6000, Duration.ofMillis(1500), RtpPeer.PCMU)))
                    .get(10, TimeUnit.SECONDS);
            List<RtpPeer.Received> heard = supervisor.await(r -> true, 70, Duration.ofSeconds(3));
            assertTrue(heard.size() >= 70, heard.size() + " packets reached the supervisor");
            short[] middle = RtpPeer.decode(heard.subList(15, 65), RtpPeer.PCMU);
            assertTrue(RtpPeer.toneShare(middle, 500) > 0.25, "the supervisor hears the caller");
            assertTrue(RtpPeer.toneShare(middle, 1500) > 0.25, "the supervisor hears the agent");
            f.relay.destroyMixer(mix).get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The caller speaks {@code callerHz} for two seconds, then the agent {@code agentHz} (a WebRTC peer only
     * once the relay's SRTP reached it, so that the relay is keyed); each must hear the other's tone.
     */
    private static void talk(RtpPeer caller, int callerPt, int callerHz, WebRtcPeer browser, int agentHz)
            throws Exception {
        int before = browser.received().size();
        CompletableFuture<Void> down = CompletableFuture.runAsync(
                () -> caller.sendTone(callerHz, 8000, Duration.ofSeconds(2), callerPt));
        assertTrue(browser.await(before + 1, Duration.ofSeconds(5)).size() > before, "SRTP reached the browser");
        browser.sendTone(agentHz, 8000, Duration.ofSeconds(2));
        down.get(10, TimeUnit.SECONDS);
        List<RtpPeer.Received> atCaller = caller.await(r -> true, 95, Duration.ofSeconds(3));
        assertTrue(atCaller.size() >= 95, atCaller.size() + " packets reached the caller");
        assertTrue(RtpPeer.toneShare(RtpPeer.decode(atCaller, callerPt), agentHz) > 0.9, "the caller hears the agent");
        List<RtpPeer.Received> atBrowser = browser.await(before + 95, Duration.ofSeconds(3));
        List<RtpPeer.Received> fresh = atBrowser.subList(before, atBrowser.size());
        assertTrue(fresh.size() >= 95, fresh.size() + " packets reached the browser");
        assertTrue(RtpPeer.toneShare(RtpPeer.decode(fresh, RtpPeer.PCMU), callerHz) > 0.9, "the agent hears the caller");
        caller.clearReceived();
    }

    private static void talk(RtpPeer caller, int callerPt, int callerHz, RtpPeer agent, int agentHz) throws Exception {
        CompletableFuture<Void> down = CompletableFuture.runAsync(
                () -> caller.sendTone(callerHz, 8000, Duration.ofSeconds(1), callerPt));
        agent.sendTone(agentHz, 8000, Duration.ofSeconds(1), RtpPeer.PCMU);
        down.get(10, TimeUnit.SECONDS);
        List<RtpPeer.Received> atCaller = caller.await(r -> true, 48, Duration.ofSeconds(3));
        List<RtpPeer.Received> atAgent = agent.await(r -> true, 48, Duration.ofSeconds(3));
        assertTrue(atCaller.size() >= 48 && atAgent.size() >= 48, atCaller.size() + " / " + atAgent.size());
        assertTrue(RtpPeer.toneShare(RtpPeer.decode(atCaller, callerPt), agentHz) > 0.9, "the caller hears the agent");
        assertTrue(RtpPeer.toneShare(RtpPeer.decode(atAgent, RtpPeer.PCMU), callerHz) > 0.9, "the agent hears the caller");
    }

    /** A call key that {@link MediaLoops#loopFor} puts on loop {@code index} of {@link #LOOPS}. */
    private static String keyOnLoop(String prefix, int index) {
        for (int i = 0; ; i++) {
            String key = prefix + i;
            if (MediaLoops.indexFor(key, LOOPS) == index) {
                return key;
            }
        }
    }

    /** One channel of a 16-bit stereo WAV file (the recorder writes the 44-byte canonical header). */
    private static short[] channel(Path file, int channel) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int frames = (b.capacity() - 44) / 4;
        short[] out = new short[frames];
        for (int i = 0; i < frames; i++) {
            out[i] = b.getShort(44 + i * 4 + channel * 2);
        }
        return out;
    }

    /**
     * The mean share of {@code hz} over the 20 ms frames that carry sound: the recording also holds the
     * silence before and after each party spoke, which a share over the whole channel would count against it.
     */
    private static double loudShare(short[] samples, int hz) {
        double sum = 0;
        int frames = 0;
        for (int at = 0; at + 160 <= samples.length; at += 160) {
            short[] frame = java.util.Arrays.copyOfRange(samples, at, at + 160);
            long energy = 0;
            for (short x : frame) {
                energy += (long) x * x;
            }
            if (energy > 160L * 500 * 500) {
                sum += RtpPeer.toneShare(frame, hz);
                frames++;
            }
        }
        assertTrue(frames >= 50, frames + " loud frames");
        return sum / frames;
    }

    private static Path find(Path root, String name) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }
}
