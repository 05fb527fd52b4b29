package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.LivePlayback;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.codec.G711;
import io.switchboard.media.codec.WavWriter;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.RtpPeer.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live audio (a media stream server's replies) over real UDP, while a prompt plays: a sender pacing in real
 * time, whose frames now and then come late and then in a burst, is heard whole, alone and without gaps, as
 * one stream; the prompt comes back once the sender has been silent for the hold.
 */
class LivePlaybackIT {
    private static final int LIVE_FRAMES = 100;
    private static final int PROMPT_HZ = 400; // whole periods in a 20 ms frame, as the live tone's, so each frame tells them apart
    private static final int LIVE_HZ = 1000;

    @TempDir
    Path dir;

    @Test
    void liveAudioReplacesThePromptWhileItPlaysAndThePromptComesBackAfterIt() throws Exception {
        Path prompt = dir.resolve("prompt.wav");
        Files.write(prompt, WavWriter.monoPcm(8000, RtpPeer.tone(PROMPT_HZ, 8000, 6 * 8000)));
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            EndpointId c = f.answer("live-1", caller, RtpPeer.PCMU, 101);
            f.relay.play(c, PlaybackRequest.once(prompt)).get(5, TimeUnit.SECONDS);
            caller.await(r -> true, 10, Duration.ofSeconds(2)); // the prompt is playing
            List<String> marks = new CopyOnWriteArrayList<>();
            LivePlayback live = f.relay.playLive(c, marks::add).get(5, TimeUnit.SECONDS);
            ScheduledFuture<?> pacing = sender.scheduleAtFixedRate(new BurstySender(live), 0, 20, TimeUnit.MILLISECONDS);
            Await.until("the live audio's mark", Duration.ofSeconds(10), () -> marks.contains("end"));
            pacing.cancel(false);
            Await.until("the prompt back after the live audio", Duration.ofSeconds(5),
                    () -> kinds(caller.received()).lastIndexOf('P') > kinds(caller.received()).lastIndexOf('L'));
            live.close();

            List<Received> received = caller.received();
            String kinds = kinds(received);
            int first = kinds.indexOf('L');
            int last = kinds.lastIndexOf('L');
            String during = kinds.substring(first, last + 1);
            assertEquals(LIVE_FRAMES, during.chars().filter(k -> k == 'L').count(), "every live frame, once: " + kinds);
            assertEquals(-1, during.indexOf('P'), "no prompt frame among the live ones: " + kinds);
            assertEquals(-1, during.indexOf('S'), "no gap within the live audio: " + kinds);
            String after = kinds.substring(last + 1, kinds.indexOf('P', last));
            assertTrue(after.chars().allMatch(k -> k == 'S') && after.length() >= 45,
                    "silence holds the place for the second after the live audio: " + kinds);
            assertTrue(kinds.substring(0, first).chars().allMatch(k -> k != 'L'), kinds);
            BridgeIT.assertStreamShape(received, RtpPeer.PCMU, false); // one stream: one packet per 20 ms
        } finally {
            sender.shutdownNow();
        }
    }

    /**
     * A stream server pacing its frames in real time, one per run, except that three in every 25 are held
     * back and come 60, 40 and 20 ms late, with the next one; a mark follows the last frame.
     */
    private static final class BurstySender implements Runnable {
        private final LivePlayback live;
        private final List<byte[]> late = new ArrayList<>();
        private int due;

        BurstySender(LivePlayback live) {
            this.live = live;
        }

        @Override
        public void run() {
            if (due == LIVE_FRAMES) {
                return;
            }
            late.add(liveFrame(due++));
            if (due % 25 >= 1 && due % 25 <= 3 && due < LIVE_FRAMES) {
                return;
            }
            late.forEach(live::enqueue);
            late.clear();
            if (due == LIVE_FRAMES) {
                live.mark("end");
            }
        }
    }

    /** Live frame {@code n} of a continuous {@value #LIVE_HZ} Hz tone, mu-law. */
    private static byte[] liveFrame(int n) {
        byte[] frame = new byte[160];
        for (int i = 0; i < frame.length; i++) {
            double t = (n * 160 + i) / 8000.0;
            frame[i] = G711.linearToUlaw((short) (8000 * Math.sin(2 * Math.PI * LIVE_HZ * t)));
        }
        return frame;
    }

    /** Each packet as P (the prompt's tone), L (the live tone), S (silence) or ? (anything else). */
    private static String kinds(List<Received> packets) {
        StringBuilder kinds = new StringBuilder();
        for (Received r : packets) {
            short[] pcm = RtpPeer.decode(List.of(r), RtpPeer.PCMU);
            int peak = 0;
            for (short s : pcm) {
                peak = Math.max(peak, Math.abs(s));
            }
            kinds.append(peak < 64 ? 'S' : RtpPeer.toneShare(pcm, PROMPT_HZ) > 0.9 ? 'P'
                    : RtpPeer.toneShare(pcm, LIVE_HZ) > 0.9 ? 'L' : '?');
        }
        return kinds.toString();
    }
}
