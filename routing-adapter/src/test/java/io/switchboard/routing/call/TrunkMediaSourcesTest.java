package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.MediaSourcePolicy;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PromptItem;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trunk's {@code rtpSource} reaches the relay for every leg on it: the caller's endpoint answered for an
 * inbound call and the endpoint offered to the desk phone dialled through the trunk. On the virtual loop.
 */
class TrunkMediaSourcesTest {
    private final VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));
    private final List<FakeLeg> dialled = new ArrayList<>();
    @TempDir
    Path dir;
    private final FakeRelay relay = new FakeRelay();
    private final MediaEventInlet events = new MediaEventInlet();
    private ContactCenter center;

    @AfterEach
    void stop() {
        if (center != null) {
            center.close();
        }
    }

    /** The demo instance with {@code rtpSource} on its trunk (none: the default). */
    private void start(String rtpSource) throws Exception {
        Path instance = DemoInstance.extractTo(dir.resolve("instance"));
        if (rtpSource != null) {
            Path yaml = instance.resolve("instance.yaml");
            String original = Files.readString(yaml);
            String changed = original.replace("  - name: demo-trunk\n", "  - name: demo-trunk\n    rtpSource: " + rtpSource + "\n");
            assertFalse(changed.equals(original), "the demo trunk changed shape");
            Files.writeString(yaml, changed);
        }
        LoadResult loaded = InstanceLoader.load(instance);
        assertTrue(loaded.isValid(), loaded.problems().toString());
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"),
                ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), loaded.config(), relay, events);
        center.useDialer(this::dial);
        loop.runPending();
        center.agents().login("dana");
        center.agents().setStatus("dana", "Available");
        loop.runPending();
        relay.sourcePolicies.clear();
    }

    private CallLeg dial(String trunk, String number, String callerId, String callerName, String sdp,
                         CallLegListener listener) {
        FakeLeg leg = new FakeLeg(number);
        leg.setListener(listener);
        dialled.add(leg);
        return leg;
    }

    /** Calls the demo DID and presses 1 (Sales): dana's desk phone is dialled through the demo trunk. */
    private void callSalesUntilDanaIsDialled() {
        center.callHandler().onIncomingCall(new FakeLeg("+15550100"));
        FakeRelay.Play welcome = awaitPlay("welcome.wav");
        events.onPlaybackDone(welcome.endpoint(), welcome.id(), PlaybackOutcome.COMPLETED);
        events.onDtmf(awaitPlay("menu.wav").endpoint(), '1', DtmfSource.RFC4733);
        Eventually.await(loop, () -> !dialled.isEmpty(), "dana's phone is dialled");
    }

    private FakeRelay.Play awaitPlay(String file) {
        Eventually.await(loop, () -> relay.plays.stream().anyMatch(p -> plays(p, file)), file + " plays");
        return relay.plays.stream().filter(p -> plays(p, file)).reduce((a, b) -> b).orElseThrow();
    }

    private static boolean plays(FakeRelay.Play p, String file) {
        return p.request().items().get(0) instanceof PromptItem.WavFile wav && wav.path().endsWith(file);
    }

    @Test
    void aTrunkThatTrustsOnlyItsSdpGivesEveryLegOnItThatPolicy() throws Exception {
        start("sdp");
        callSalesUntilDanaIsDialled();
        assertEquals(List.of(MediaSourcePolicy.SIGNALLED_ONLY, MediaSourcePolicy.SIGNALLED_ONLY),
                relay.sourcePolicies, "the caller's endpoint, then dana's desk phone's");
    }

    @Test
    void aTrunkThatLearnsGivesEveryLegOnItThatPolicy() throws Exception {
        start("learn");
        callSalesUntilDanaIsDialled();
        assertEquals(List.of(MediaSourcePolicy.LEARN, MediaSourcePolicy.LEARN), relay.sourcePolicies);
    }

    @Test
    void withoutTheSettingATrunkLearnsOnlyBehindNat() throws Exception {
        start(null);
        callSalesUntilDanaIsDialled();
        assertEquals(List.of(MediaSourcePolicy.LEARN_BEHIND_NAT, MediaSourcePolicy.LEARN_BEHIND_NAT),
                relay.sourcePolicies);
    }
}
