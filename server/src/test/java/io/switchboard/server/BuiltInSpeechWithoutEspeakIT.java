package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.media.api.PromptItem;
import io.switchboard.media.codec.WavWriter;
import io.switchboard.media.player.ShippedSpeech;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on a machine without espeak-ng (the server's PATH holds no programs): {@code /health}
 * says that only built-in prompts speak, and a caller put in a queue without a queue flow of the instance's
 * own hears the default customer queue's message all the same, from the rendering shipped in the jar.
 */
class BuiltInSpeechWithoutEspeakIT {
    private static final String DID = "+15550115";
    /** Straight into Support: the default customer queue flow plays while the caller waits. */
    private static final String FLOW = """
            {"Version": "2019-10-30", "StartAction": "set-queue", "Actions": [
             {"Identifier": "set-queue", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "Support"},
              "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "QueueAtCapacity"},
               {"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """;
    /** The default customer queue's message in the default voice (Joanna: espeak-ng's en-us+f3). */
    private static final PromptItem.Speech QUEUE_MESSAGE = new PromptItem.Speech("Thank you for calling. Your call is "
            + "very important to us and will be answered in the order it was received.", "en-us+f3", false);

    @RegisterExtension
    final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Files.writeString(instance.resolve("flows/straight-to-queue.json"), FLOW);
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("phoneNumbers:\n",
                "phoneNumbers:\n  - { number: \"" + DID + "\", flow: straight-to-queue }\n"));
        return instance;
    }).env("PATH", "/nonexistent");
    @TempDir
    Path work;

    @Test
    void healthSaysOnlyBuiltInPromptsSpeakAndTheQueueMessageIsHeardFromTheJar() throws Exception {
        String detail = server.healthDetail("routing-adapter");
        assertTrue(detail.contains("espeak-ng missing: only built-in prompts speak"), server.health().toString());
        assertEquals(200, server.get("/health").statusCode(), "a missing espeak-ng does not make the server unhealthy");

        Path reference = work.resolve("queue-message.wav");
        Files.write(reference, WavWriter.monoPcm(8000, ShippedSpeech.builtIn().samples(QUEUE_MESSAGE).orElseThrow()));
        int packets = PromptAudio.pcm16(reference).length / 160;
        try (RtpPeer peer = RtpPeer.open();
             Sipp.Running sipp = Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml")).name("queued")
                     .target("127.0.0.1", server.sipPort())
                     .args("-s", DID, "-key", "rtp_port", Integer.toString(peer.port())).traceMessages()
                     .calls(1).callDuration(Duration.ofSeconds(8)).timeout(Duration.ofSeconds(30)).start(work)) {
            IvrCall.awaitQueued(server, "Support", Duration.ofSeconds(10));
            List<RtpPeer.Received> heard = peer.await(p -> p.payloadType() == RtpPeer.PCMU, packets,
                    Duration.ofSeconds(10));
            assertTrue(heard.size() >= packets, "heard " + heard.size() + " of " + packets + " packets:\n"
                    + server.process().tail(20));
            double match = PromptAudio.bestCorrelation(RtpPeer.decode(heard.subList(0, packets), RtpPeer.PCMU),
                    reference);
            assertTrue(match > 0.95, "the caller does not hear the queue message (correlation " + match + ")");
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), result.describe());
        }
    }
}
