package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.MediaStreamServer;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow that starts media streaming (UpdateContactMediaStreamingBehavior, the customer's From and To)
 * streams a live SIPp call to the test kit's Twilio Media Streams server: the caller's 400 Hz tone arrives
 * in the inbound {@code media} frames, the messages come as connected, start, media..., stop, and the
 * 1000 Hz tone the server sends back (bidirectional) is what the caller hears: whole, and alone (the flow's
 * prompts, which play meanwhile, neither between nor over it).
 */
class MediaStreamIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaStreamServer STREAMS = MediaStreamServer.start().replyWithTone(1000, Duration.ofSeconds(2));

    @RegisterExtension
    final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, Files.readString(yaml) + "\nmediaStreaming:\n  url: " + STREAMS.url()
                + "\n  bidirectional: true\n  customParameters:\n    purpose: test\n");
        Path flow = instance.resolve("flows/demo-inbound.json");
        ObjectNode doc = (ObjectNode) JSON.readTree(flow.toFile());
        String first = doc.get("StartAction").asText();
        ObjectNode stream = ((ArrayNode) doc.get("Actions")).insertObject(0);
        stream.put("Identifier", "start-streaming").put("Type", "UpdateContactMediaStreamingBehavior");
        ObjectNode p = stream.putObject("Parameters");
        p.put("MediaStreamingState", "Enabled").put("MediaStreamType", "Audio");
        ObjectNode customer = p.putArray("Participants").addObject().put("ParticipantType", "Customer");
        customer.putArray("MediaDirections").add("From").add("To");
        ObjectNode t = stream.putObject("Transitions");
        t.put("NextAction", first);
        t.putArray("Errors").addObject().put("NextAction", first).put("ErrorType", "NoMatchingError");
        t.putArray("Conditions");
        doc.put("StartAction", "start-streaming");
        Files.writeString(flow, doc.toPrettyString());
        return instance;
    });
    @TempDir
    Path work;

    @AfterAll
    static void stopStreams() {
        STREAMS.close();
    }

    @Test
    void theCallersToneIsStreamedAndTheServersToneIsHeard() throws Exception {
        try (RtpPeer caller = RtpPeer.open();
                Sipp.Running sipp = Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml"))
                        .name("media-stream")
                        .target("127.0.0.1", server.sipPort())
                        .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(caller.port()))
                        .traceMessages()
                        .calls(1).callDuration(Duration.ofSeconds(4)).timeout(Duration.ofSeconds(25)).start(work)) {
            IvrCall.follow(server, sipp, caller);
            List<RtpPeer.Received> first = caller.await(r -> r.payloadType() == RtpPeer.PCMU, 1, Duration.ofSeconds(5));
            assertFalse(first.isEmpty(), "nothing reached the caller");
            caller.remote(first.get(0).from());
            caller.sendTone(400, 8000, Duration.ofSeconds(3), RtpPeer.PCMU);
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(20));
            assertEquals(0, result.exitCode(), result.describe());

            Await.until("the stream's stop message", Duration.ofSeconds(10),
                    () -> STREAMS.events().contains("stop"));
            List<String> events = STREAMS.events();
            assertEquals("connected", events.get(0), events.toString());
            assertEquals("start", events.get(1), events.toString());
            assertEquals("stop", events.get(events.size() - 1), events.toString());
            assertTrue(events.subList(2, events.size() - 1).stream().allMatch(e -> e.equals("media") || e.equals("mark")),
                    "between start and stop only media and marks: " + events);
            assertEquals("test", STREAMS.messages().get(1).path("start").path("customParameters").path("purpose").asText());

            double streamed = RtpPeer.toneShare(audible(STREAMS.audio("inbound")), 400);
            assertTrue(streamed > 0.8, "the caller's 400 Hz holds " + streamed + " of the inbound track");

            assertTrue(server.metrics().value("switchboard_media_streams_started_total") >= 1, "streams started");
            assertTrue(server.metrics().value("switchboard_media_stream_frames_played_total") >= 50,
                    "the server's tone played");
            double heard = bestWindow(caller.received(), 1000);
            assertTrue(heard > 0.8, "the server's 1000 Hz holds at most " + heard + " of any half second the caller heard");
            // the returned audio replaces the prompts while it plays: from its first frame to its last the caller
            // hears that tone or silence, never a prompt's frame between or over them (T tone, S silence, x other)
            String frames = frameKinds(caller.received(), 1000);
            String during = frames.substring(frames.indexOf('T'), frames.lastIndexOf('T') + 1);
            assertEquals(-1, during.indexOf('x'), "only the server's tone or silence while it plays: " + frames);
            assertTrue(during.chars().filter(k -> k == 'T').count() >= 95,
                    "the server's two seconds of tone reach the caller: " + frames);
        }
    }

    /** The largest share of {@code hz} in any half second of the PCMU audio the caller received. */
    private static double bestWindow(List<RtpPeer.Received> received, double hz) {
        List<byte[]> payloads = received.stream().filter(r -> r.payloadType() == RtpPeer.PCMU)
                .map(RtpPeer.Received::payload).toList();
        short[] pcm = new short[payloads.stream().mapToInt(p -> p.length).sum()];
        int i = 0;
        for (byte[] p : payloads) {
            for (byte b : p) {
                pcm[i++] = RtpPeer.ulawToLinear(b);
            }
        }
        double best = 0;
        for (int start = 0; start + 4000 <= pcm.length; start += 800) {
            best = Math.max(best, RtpPeer.toneShare(java.util.Arrays.copyOfRange(pcm, start, start + 4000), hz));
        }
        return best;
    }

    /** Each PCMU frame the caller received, in order: T for {@code hz}, S for silence, x for anything else. */
    private static String frameKinds(List<RtpPeer.Received> received, double hz) {
        StringBuilder kinds = new StringBuilder();
        for (RtpPeer.Received r : received) {
            if (r.payloadType() != RtpPeer.PCMU) {
                continue;
            }
            short[] pcm = RtpPeer.decode(List.of(r), RtpPeer.PCMU);
            int peak = 0;
            for (short x : pcm) {
                peak = Math.max(peak, Math.abs(x));
            }
            kinds.append(peak < 64 ? 'S' : RtpPeer.toneShare(pcm, hz) > 0.9 ? 'T' : 'x');
        }
        return kinds.toString();
    }

    private static short[] audible(short[] samples) {
        int start = 0;
        int end = samples.length;
        while (start < end && Math.abs(samples[start]) < 64) {
            start++;
        }
        while (end > start && Math.abs(samples[end - 1]) < 64) {
            end--;
        }
        return java.util.Arrays.copyOfRange(samples, start, end);
    }
}
