package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MixerId;
import io.switchboard.media.api.MixerRole;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.RtpPeer.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listen-in and barge over real UDP: who hears whom, told apart by each party's tone frequency. */
class MixerIT {
    @TempDir
    Path dir;

    @Test
    void aListenerHearsBothPartiesUnheardAndBargeInMakesEveryoneHearThem() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            RtpPeer supervisor = f.peer();
            EndpointId c = f.answer("conf-1", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("conf-1", agent, RtpPeer.PCMA, 101);
            EndpointId s = f.answer("conf-1", supervisor, RtpPeer.PCMU, 101);
            MixerId mix = f.relay.createMixer("conf-1").get(5, TimeUnit.SECONDS);
            f.relay.joinMixer(mix, c, MixerRole.SPEAKER).get(5, TimeUnit.SECONDS);
            f.relay.joinMixer(mix, a, MixerRole.SPEAKER).get(5, TimeUnit.SECONDS);
            f.relay.joinMixer(mix, s, MixerRole.LISTENER).get(5, TimeUnit.SECONDS);

            talk(caller, 500, agent, 1500, supervisor, 1000, 1500);
            // listen-in: the supervisor hears customer and agent; they hear each other, never the supervisor
            assertHears(supervisor, RtpPeer.PCMU, new double[] {500, 1500}, new double[] {1000});
            assertHears(caller, RtpPeer.PCMU, new double[] {1500}, new double[] {500, 1000});
            assertHears(agent, RtpPeer.PCMA, new double[] {500}, new double[] {1500, 1000});

            f.relay.joinMixer(mix, s, MixerRole.SPEAKER).get(5, TimeUnit.SECONDS);
            caller.clearReceived();
            agent.clearReceived();
            supervisor.clearReceived();
            talk(caller, 500, agent, 1500, supervisor, 1000, 1500);
            // barge: everyone hears the supervisor now
            assertHears(caller, RtpPeer.PCMU, new double[] {1500, 1000}, new double[] {500});
            assertHears(agent, RtpPeer.PCMA, new double[] {500, 1000}, new double[] {1500});
            assertHears(supervisor, RtpPeer.PCMU, new double[] {500, 1500}, new double[] {1000});
            f.relay.destroyMixer(mix).get(5, TimeUnit.SECONDS);
        }
    }

    private static void talk(RtpPeer p1, double f1, RtpPeer p2, double f2, RtpPeer p3, double f3, int millis)
            throws Exception {
        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> p1.sendTone(f1, 6000, Duration.ofMillis(millis), RtpPeer.PCMU)),
                CompletableFuture.runAsync(() -> p2.sendTone(f2, 6000, Duration.ofMillis(millis), RtpPeer.PCMA)),
                CompletableFuture.runAsync(() -> p3.sendTone(f3, 6000, Duration.ofMillis(millis), RtpPeer.PCMU)))
                .get(10, TimeUnit.SECONDS);
        Thread.sleep(100);
    }

    /** Analyses the middle second of what {@code peer} heard (skipping start-up and tail). */
    private static void assertHears(RtpPeer peer, int pt, double[] present, double[] absent) {
        List<Received> got = peer.received().stream().filter(r -> r.payloadType() == pt).toList();
        assertTrue(got.size() >= 70, "packets heard: " + got.size());
        short[] audio = RtpPeer.decode(got.subList(15, 65), pt);
        for (double hz : present) {
            double share = RtpPeer.toneShare(audio, hz);
            assertTrue(share > 0.8 / present.length - 0.15, hz + " Hz should be heard, share " + share);
        }
        for (double hz : absent) {
            double share = RtpPeer.toneShare(audio, hz);
            assertTrue(share < 0.02, hz + " Hz should not be heard, share " + share);
        }
    }
}
