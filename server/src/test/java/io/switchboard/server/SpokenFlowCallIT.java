package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.media.api.PromptItem;
import io.switchboard.media.codec.WavWriter;
import io.switchboard.media.player.EspeakSynthesizer;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.PeerProcess;
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
 * The packaged jar speaking a flow's SSML and text with a reference to a SIPp caller, in the voice the flow
 * set (Matthew, espeak-ng's en-us+m3): what the caller hears is that rendering, sample for sample up to
 * G.711, and the voices were checked without complaint when the flow was published.
 */
class SpokenFlowCallIT {
    private static final String DID = "+15550114";
    private static final String SSML = "<speak>Thank you for calling. <break time=\\\"400ms\\\"/> Please hold.</speak>";
    private static final String FLOW = """
            {"Version": "2019-10-30", "StartAction": "voice", "Actions": [
             {"Identifier": "voice", "Type": "UpdateContactTextToSpeechVoice",
              "Parameters": {"TextToSpeechVoice": "Matthew"}, "Transitions": {"NextAction": "ssml"}},
             {"Identifier": "ssml", "Type": "MessageParticipant", "Parameters": {"SSML": "%s"},
              "Transitions": {"NextAction": "text", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "text", "Type": "MessageParticipant",
              "Parameters": {"Text": "You called $.SystemEndpoint.Address."},
              "Transitions": {"NextAction": "set-queue", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "set-queue", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "Support"},
              "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "QueueAtCapacity"},
               {"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """.formatted(SSML);
    private static final int SAMPLES_PER_PACKET = 160;

    @RegisterExtension
    final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Files.writeString(instance.resolve("flows/spoken.json"), FLOW);
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("phoneNumbers:\n",
                "phoneNumbers:\n  - { number: \"" + DID + "\", flow: spoken }\n"));
        return instance;
    });
    @TempDir
    Path work;

    /** The relay's own rendering of {@code speech}, as a WAV file to compare with. */
    private Path reference(String name, PromptItem.Speech speech) throws Exception {
        Path wav = work.resolve(name + ".wav");
        Files.write(wav, WavWriter.monoPcm(8000, new EspeakSynthesizer().synthesize(speech)));
        return wav;
    }

    @Test
    void callerHearsTheFlowsSsmlAndTextInTheVoiceItSet() throws Exception {
        PeerProcess.requireOnPath("espeak-ng");
        Path ssml = reference("ssml", new PromptItem.Speech(SSML.replace("\\\"", "\""), "en-us+m3", true));
        Path text = reference("text", new PromptItem.Speech("You called " + DID + ".", "en-us+m3", false));
        int ssmlPackets = (int) Math.ceil(PromptAudio.pcm16(ssml).length / (double) SAMPLES_PER_PACKET);
        int textPackets = PromptAudio.pcm16(text).length / SAMPLES_PER_PACKET;

        try (RtpPeer peer = RtpPeer.open();
             Sipp.Running sipp = Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml")).name("spoken")
                     .target("127.0.0.1", server.sipPort())
                     .args("-s", DID, "-key", "rtp_port", Integer.toString(peer.port())).traceMessages()
                     .calls(1).callDuration(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(40)).start(work)) {
            String flows = server.healthDetail("routing-adapter");
            assertFalse(flows.contains("text-to-speech"), server.health().toString());
            assertFalse(flows.contains("espeak-ng"), server.health().toString());

            List<RtpPeer.Received> heard = peer.await(p -> p.payloadType() == RtpPeer.PCMU,
                    ssmlPackets + textPackets, Duration.ofSeconds(15));
            assertTrue(heard.size() >= ssmlPackets + textPackets, "heard " + heard.size() + " packets, expected "
                    + (ssmlPackets + textPackets) + ":\n" + server.process().tail(20));
            double ssmlMatch = PromptAudio.bestCorrelation(RtpPeer.decode(heard.subList(0, ssmlPackets),
                    RtpPeer.PCMU), ssml);
            assertTrue(ssmlMatch > 0.95, "the caller does not hear the SSML in en-us+m3 (correlation " + ssmlMatch + ")");
            // The text's playback starts with the packet after the SSML's last (its last frame is padded).
            double textMatch = PromptAudio.bestCorrelation(RtpPeer.decode(heard.subList(ssmlPackets,
                    ssmlPackets + textPackets), RtpPeer.PCMU), text);
            assertTrue(textMatch > 0.95, "the caller does not hear 'You called " + DID + ".' (correlation "
                    + textMatch + ")");

            IvrCall.awaitQueued(server, "Support", Duration.ofSeconds(10));
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), result.describe());
            assertEquals(0, server.stop(Duration.ofSeconds(40)), server.process().tail(30));
        }
    }
}
