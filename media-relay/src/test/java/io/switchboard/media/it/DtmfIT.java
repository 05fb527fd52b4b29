package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.DigitCollection;
import io.switchboard.media.api.EndpointId;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.RtpPeer.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DTMF over real UDP: RFC 4733 with lost end packets, in-band tones, sending, and relaying across a bridge. */
class DtmfIT {
    private static final String KEYS = "123A456B789C*0#D";
    @TempDir
    Path dir;

    @Test
    void collectsRfc4733DigitsExactlyEvenWhenTheFirstEndPacketIsLost() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            EndpointId c = f.answer("dtmf-1", caller, RtpPeer.PCMU, 101);
            f.relay.collectDigits(c, new DigitCollection(8, "#", Duration.ofSeconds(5), Duration.ofSeconds(3), true))
                    .get(5, TimeUnit.SECONDS);
            caller.sendDtmfEvents("4071*#", 101, RtpPeer.PCMU, 0);
            RelayFixture.Event done = f.next("collected", c, Duration.ofSeconds(3));
            assertNotNull(done, "collection ended");
            assertEquals("4071*/TERMINATOR", done.detail());
            assertEquals(List.of("4/RFC4733", "0/RFC4733", "7/RFC4733", "1/RFC4733", "*/RFC4733", "#/RFC4733"),
                    f.drain("dtmf", c), "each key reported once");
        }
    }

    @Test
    void collectsInBandDigitsWhenNoTelephoneEventWasNegotiated() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            EndpointId c = f.answer("dtmf-2", caller, RtpPeer.PCMA, -1);
            f.relay.collectDigits(c, new DigitCollection(4, "#", Duration.ofSeconds(5), Duration.ofSeconds(3), true))
                    .get(5, TimeUnit.SECONDS);
            caller.sendSamples(dtmfTones("9517", 3000), RtpPeer.PCMA);
            RelayFixture.Event done = f.next("collected", c, Duration.ofSeconds(3));
            assertNotNull(done);
            assertEquals("9517/MAX_DIGITS", done.detail());
            assertEquals(List.of("9/INBAND", "5/INBAND", "1/INBAND", "7/INBAND"), f.drain("dtmf", c));
        }
    }

    @Test
    void sendsDigitsAsRfc4733WithThePeersPayloadType() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer agent = f.peer();
            EndpointId a = f.answer("dtmf-3", agent, RtpPeer.PCMU, 96);
            f.relay.sendDigits(a, "47#").get(5, TimeUnit.SECONDS);
            assertNotNull(f.next("sent", a, Duration.ofSeconds(3)));
            Thread.sleep(100);
            List<Received> events = agent.received().stream().filter(r -> r.payloadType() == 96).toList();
            assertEquals(3 * 8, events.size(), "5 updates and 3 end packets per digit");
            Set<Long> starts = new LinkedHashSet<>();
            StringBuilder ended = new StringBuilder();
            for (Received r : events) {
                starts.add(r.timestamp());
                byte[] p = r.payload();
                if ((p[1] & 0x80) != 0 && (ended.length() == 0 || ended.charAt(ended.length() - 1) != KEY(p[0]))) {
                    ended.append(KEY(p[0]));
                }
            }
            assertEquals(3, starts.size(), "one timestamp per event");
            assertEquals("47#", ended.toString());
        }
    }

    @Test
    void relaysEventsAcrossTheBridgeWithEachLegsPayloadType() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            EndpointId c = f.answer("dtmf-4", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("dtmf-4", agent, RtpPeer.PCMU, 96);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            caller.sendDtmfEvents("5", 101, RtpPeer.PCMU);
            List<Received> events = agent.await(r -> r.payloadType() == 96, 8, Duration.ofSeconds(2));
            assertEquals(8, events.size());
            assertTrue(events.stream().allMatch(r -> r.payload()[0] == 5));
            assertTrue(agent.received().stream().noneMatch(r -> r.payloadType() == 101), "no caller numbering leaks");
        }
    }

    private static char KEY(byte event) {
        return "0123456789*#ABCD".charAt(event);
    }

    /** Tone pairs of 100 ms with 100 ms pauses, each tone at {@code amplitude}. */
    static short[] dtmfTones(String digits, int amplitude) {
        double[] rows = {697, 770, 852, 941};
        double[] cols = {1209, 1336, 1477, 1633};
        short[] s = new short[digits.length() * 1600 + 1600];
        for (int k = 0; k < digits.length(); k++) {
            int idx = KEYS.indexOf(digits.charAt(k));
            for (int i = 0; i < 800; i++) {
                double t = i / 8000.0;
                s[k * 1600 + i] = (short) (amplitude * (Math.sin(2 * Math.PI * rows[idx / 4] * t)
                        + Math.sin(2 * Math.PI * cols[idx % 4] * t)));
            }
        }
        return s;
    }
}
